package dev.sluice.cli.demo;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.SplittableRandom;

/**
 * Rows of the activity tables: orders, order_items, reviews and page_views. Needs the products'
 * prices and the customers' countries, so it runs after {@link DemoCatalogRows}.
 */
final class DemoSalesRows {

    private static final String[] STATUSES = {"pending", "paid", "shipped", "delivered", "cancelled", "refunded"};
    /** Cumulative percentages of {@link #STATUSES}. */
    private static final int[] STATUS_CUMULATIVE = {8, 18, 28, 83, 93, 100};
    private static final int[] DISCOUNT_BASIS_POINTS = {250, 500, 1000, 1500};
    private static final String[] COUPONS = {"WELCOME-2.5", "SPRING5", "VIP10", "BLACKFRIDAY15"};
    private static final int MAX_LINES = 8;

    private final Connection connection;
    private final String db;
    private final DemoPlan plan;

    /** Scratch space for one order's lines, refilled by {@link #lines(long)}. */
    private final int[] lineProduct = new int[MAX_LINES];
    private final int[] lineQuantity = new int[MAX_LINES];
    private final long[] lineUnitCents = new long[MAX_LINES];

    DemoSalesRows(Connection connection, String quotedDb, DemoPlan plan) {
        this.connection = connection;
        this.db = quotedDb;
        this.plan = plan;
    }

    long orders() throws SQLException {
        SplittableRandom random = DemoPlan.random(5);
        try (DemoInsert insert = new DemoInsert(connection, db, "orders",
                "id", "customer_id", "status", "ordered_at", "shipped_on", "ship_country", "currency",
                "items_count", "total_amount", "discount_rate", "coupon_code", "gift_message")) {
            for (long id = 1; id <= plan.orders; id++) {
                int customer = 1 + DemoPlan.skewed(random, plan.customers);
                String status = status(random);
                LocalDateTime orderedAt = DemoPlan.spread(random, DemoPlan.ORDERS_FROM,
                        DemoPlan.ORDERS_SPAN_MICROS, id - 1, plan.orders);
                LocalDate shippedOn = switch (status) {
                    case "shipped", "delivered", "refunded" -> orderedAt.toLocalDate().plusDays(1 + random.nextInt(5));
                    default -> null;
                };
                int country = random.nextInt(20) == 0
                        ? random.nextInt(DemoCatalogRows.COUNTRIES.length)
                        : plan.customerCountry[customer - 1];
                int lines = lines(id);
                long subtotal = 0;
                for (int l = 0; l < lines; l++) {
                    subtotal += lineQuantity[l] * lineUnitCents[l];
                }
                int discount = 0;
                String coupon = null;
                if (random.nextInt(10) < 3) {
                    int which = random.nextInt(DISCOUNT_BASIS_POINTS.length);
                    discount = DISCOUNT_BASIS_POINTS[which];
                    coupon = random.nextInt(5) == 0 ? null : COUPONS[which]; // loyalty discounts have no code
                }
                long total = subtotal - (subtotal * discount + 5_000) / 10_000;
                insert.row(id, customer, status, orderedAt, shippedOn, DemoCatalogRows.countryCode(country),
                        DemoCatalogRows.currency(country), lines, BigDecimal.valueOf(total, 2),
                        BigDecimal.valueOf(discount, 4), coupon,
                        random.nextInt(33) == 0 ? DemoText.pick(random, DemoText.GIFT_MESSAGES) : null);
            }
            return insert.finish();
        }
    }

    long orderItems() throws SQLException {
        try (DemoInsert insert = new DemoInsert(connection, db, "order_items",
                "order_id", "line_no", "product_id", "quantity", "unit_price", "line_total")) {
            for (long id = 1; id <= plan.orders; id++) {
                int lines = lines(id);
                for (int l = 0; l < lines; l++) {
                    insert.row(id, l + 1, lineProduct[l], lineQuantity[l],
                            BigDecimal.valueOf(lineUnitCents[l], 2),
                            BigDecimal.valueOf(lineQuantity[l] * lineUnitCents[l], 2));
                }
            }
            return insert.finish();
        }
    }

    long reviews() throws SQLException {
        SplittableRandom random = DemoPlan.random(7);
        try (DemoInsert insert = new DemoInsert(connection, db, "reviews",
                "id", "product_id", "customer_id", "stars", "title", "body", "helpful_votes",
                "sentiment", "posted_at")) {
            for (int id = 1; id <= plan.reviews; id++) {
                int p = random.nextInt(100);
                int stars = p < 5 ? 1 : p < 12 ? 2 : p < 25 ? 3 : p < 55 ? 4 : 5;
                long votes = random.nextInt(10) < 7 ? random.nextInt(6) : random.nextInt(5_000);
                Double sentiment = random.nextInt(10) == 0 ? null
                        : (stars - 3) / 2.0 + (random.nextDouble() - 0.5) * 0.3;
                insert.row(id, 1 + DemoPlan.skewed(random, plan.products), 1 + random.nextInt(plan.customers),
                        stars,
                        random.nextInt(10) == 0 ? null : DemoText.reviewTitle(random),
                        DemoText.reviewBody(random), votes, sentiment,
                        DemoPlan.plusMicros(DemoPlan.REVIEWS_FROM, random.nextLong(DemoPlan.REVIEWS_SPAN_MICROS)));
            }
            return insert.finish();
        }
    }

    /** The click log; about one row in fifty (and always the second) is an exact duplicate. */
    long pageViews() throws SQLException {
        SplittableRandom random = DemoPlan.random(8);
        try (DemoInsert insert = new DemoInsert(connection, db, "page_views",
                "viewed_at", "session_token", "customer_id", "product_id", "path", "referrer",
                "country_code", "http_status", "duration_ms", "load_seconds")) {
            Object[] previous = null;
            for (int i = 0; i < plan.pageViews; i++) {
                if (previous != null && (i == 1 || random.nextInt(50) == 0)) {
                    insert.row(previous);
                    continue;
                }
                Integer product = random.nextInt(10) < 7 ? 1 + DemoPlan.skewed(random, plan.products) : null;
                String path = product != null ? "/products/" + product
                        : random.nextInt(4) == 0 ? "/category/" + (1 + random.nextInt(plan.categories))
                        : DemoText.pick(random, DemoText.PAGES);
                int p = random.nextInt(100);
                previous = new Object[] {
                    DemoPlan.spread(random, DemoPlan.VIEWS_FROM, DemoPlan.VIEWS_SPAN_MICROS, i, plan.pageViews),
                    DemoText.bytes(random, 16),
                    random.nextInt(10) < 4 ? 1 + random.nextInt(plan.customers) : null,
                    product,
                    path,
                    random.nextInt(10) < 6 ? DemoText.pick(random, DemoText.REFERRERS) : null,
                    random.nextInt(20) == 0 ? null
                            : DemoCatalogRows.countryCode(random.nextInt(DemoCatalogRows.COUNTRIES.length)),
                    p < 90 ? 200 : p < 95 ? 304 : p < 99 ? 404 : 500,
                    5 + random.nextInt(120_000),
                    random.nextDouble() * 3.0,
                };
                insert.row(previous);
            }
            return insert.finish();
        }
    }

    /**
     * Fills the line scratch arrays for order {@code orderId} and returns the line count (1..8, so
     * about 4.5 per order). Replays the same stream every time, which keeps orders.total_amount
     * consistent with its order_items (their sum less the discount) without holding all lines in
     * memory.
     */
    private int lines(long orderId) {
        SplittableRandom random = DemoPlan.orderLinesRandom(orderId);
        int lines = 1 + random.nextInt(MAX_LINES);
        for (int l = 0; l < lines; l++) {
            int product = 1 + DemoPlan.skewed(random, plan.products);
            long price = plan.productPriceCents[product - 1];
            lineProduct[l] = product;
            lineQuantity[l] = random.nextInt(10) < 8 ? 1 : 2 + random.nextInt(5);
            lineUnitCents[l] = random.nextInt(10) == 0 ? price * 8 / 10 : price; // 20 % off sale
        }
        return lines;
    }

    private static String status(SplittableRandom random) {
        int p = random.nextInt(100);
        int i = 0;
        while (p >= STATUS_CUMULATIVE[i]) {
            i++;
        }
        return STATUSES[i];
    }
}
