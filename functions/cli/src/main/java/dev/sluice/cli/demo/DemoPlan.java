package dev.sluice.cli.demo;

import java.time.LocalDateTime;
import java.util.SplittableRandom;

/**
 * Row counts for one scale, the fixed seeds, and the few facts one table's rows need from
 * another's (product prices, customer countries). Everything derives from the scale alone, so two
 * runs with the same scale produce the same bytes.
 */
final class DemoPlan {

    private static final long SEED = 0x5_11CE_2025L;

    /** Fixed points in time: generated data never depends on the clock. */
    static final LocalDateTime SIGNUPS_FROM = LocalDateTime.of(2018, 1, 1, 0, 0);
    static final LocalDateTime ORDERS_FROM = LocalDateTime.of(2024, 1, 1, 0, 0);
    static final LocalDateTime REVIEWS_FROM = LocalDateTime.of(2024, 1, 15, 0, 0);
    static final LocalDateTime VIEWS_FROM = LocalDateTime.of(2025, 6, 1, 0, 0);
    static final long SIGNUPS_SPAN_MICROS = days(6 * 365);
    static final long ORDERS_SPAN_MICROS = days(545);
    static final long REVIEWS_SPAN_MICROS = days(530);
    static final long VIEWS_SPAN_MICROS = days(30);

    final int categories;
    final int customers;
    final int products;
    final int orders;
    final int reviews;
    final int pageViews;
    /** Price in cents of product {@code id}, at index {@code id - 1}; filled with the products. */
    final long[] productPriceCents;
    /** Index into the country list of customer {@code id}, at {@code id - 1}; filled with the customers. */
    final int[] customerCountry;

    private DemoPlan(double scale) {
        // scale 1.0: 30 countries + 60 + 20,000 + 5,000 + 40,000 + ~180,000 items + 15,000 + 40,000
        this.categories = scaled(60, scale, 8);
        this.customers = scaled(20_000, scale, 20);
        this.products = scaled(5_000, scale, 20);
        this.orders = scaled(40_000, scale, 20);
        this.reviews = scaled(15_000, scale, 10);
        this.pageViews = scaled(40_000, scale, 50);
        this.productPriceCents = new long[products];
        this.customerCountry = new int[customers];
    }

    /**
     * @param scale 1.0 gives about 300,000 rows; must be positive and at most 100
     */
    static DemoPlan of(double scale) {
        if (!(scale > 0) || scale > 100) {
            throw new IllegalArgumentException("demo scale must be a number above 0 and at most 100"
                    + " (1.0 gives about 300,000 rows), got " + scale);
        }
        return new DemoPlan(scale);
    }

    /** The random stream of one table; independent of how much other tables consumed. */
    static SplittableRandom random(int stream) {
        return new SplittableRandom(SEED ^ (stream * 0xD1B54A32D192ED03L));
    }

    /** The random stream of one order's lines, so orders and order_items can replay it. */
    static SplittableRandom orderLinesRandom(long orderId) {
        return new SplittableRandom((SEED + 0x7A3FL) ^ (orderId * 0xD1B54A32D192ED03L));
    }

    static LocalDateTime plusMicros(LocalDateTime base, long micros) {
        return base.plusNanos(micros * 1_000L);
    }

    /**
     * The time of event {@code index} of {@code count} spread evenly over {@code span} micros with
     * a little jitter, so ids and timestamps rise together as in a real shop.
     */
    static LocalDateTime spread(SplittableRandom random, LocalDateTime from, long span, long index, long count) {
        long step = Math.max(1, span / count);
        return plusMicros(from, index * step + random.nextLong(step));
    }

    /** A value in [0, bound) skewed towards 0: a few customers and products get most of the action. */
    static int skewed(SplittableRandom random, int bound) {
        double u = random.nextDouble();
        return Math.min(bound - 1, (int) (bound * u * u));
    }

    private static int scaled(int atScaleOne, double scale, int minimum) {
        return (int) Math.max(minimum, Math.round(atScaleOne * scale));
    }

    private static long days(long days) {
        return days * 86_400L * 1_000_000L;
    }
}
