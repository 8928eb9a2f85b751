package dev.sluice.cli.demo;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

/** Rows of the reference tables: countries, categories, customers and products. */
final class DemoCatalogRows {

    /** code, English name, native name, currency, VAT in basis points, phone prefix, EU member. */
    static final Object[][] COUNTRIES = {
        {"DE", "Germany", "Deutschland", "EUR", 1900, 49, true},
        {"FR", "France", "France", "EUR", 2000, 33, true},
        {"GB", "United Kingdom", "United Kingdom", "GBP", 2000, 44, false},
        {"US", "United States", "United States", "USD", 0, 1, false},
        {"ES", "Spain", "España", "EUR", 2100, 34, true},
        {"IT", "Italy", "Italia", "EUR", 2200, 39, true},
        {"AT", "Austria", "Österreich", "EUR", 2000, 43, true},
        {"NL", "Netherlands", "Nederland", "EUR", 2100, 31, true},
        {"PL", "Poland", "Polska", "PLN", 2300, 48, true},
        {"CH", "Switzerland", "Schweiz", "CHF", 810, 41, false},
        {"JP", "Japan", "日本", "JPY", 1000, 81, false},
        {"BE", "Belgium", "België", "EUR", 2100, 32, true},
        {"SE", "Sweden", "Sverige", "SEK", 2500, 46, true},
        {"PT", "Portugal", "Portugal", "EUR", 2300, 351, true},
        {"CZ", "Czechia", "Česko", "CZK", 2100, 420, true},
        {"DK", "Denmark", "Danmark", "DKK", 2500, 45, true},
        {"FI", "Finland", "Suomi", "EUR", 2550, 358, true},
        {"IE", "Ireland", "Éire", "EUR", 2300, 353, true},
        {"GR", "Greece", "Ελλάδα", "EUR", 2400, 30, true},
        {"HU", "Hungary", "Magyarország", "HUF", 2700, 36, true},
        {"NO", "Norway", "Norge", "NOK", 2500, 47, false},
        {"MX", "Mexico", "México", "MXN", 1600, 52, false},
        {"BR", "Brazil", "Brasil", "BRL", 1700, 55, false},
        {"CN", "China", "中国", "CNY", 1300, 86, false},
        {"KR", "South Korea", "대한민국", "KRW", 1000, 82, false},
        {"IN", "India", "भारत", "INR", 1800, 91, false},
        {"TR", "Türkiye", "Türkiye", "TRY", 2000, 90, false},
        {"UA", "Ukraine", "Україна", "UAH", 2000, 380, false},
        {"CI", "Côte d'Ivoire", "Côte d'Ivoire", "XOF", 1800, 225, false},
        {"AU", "Australia", "Australia", "AUD", 1000, 61, false},
    };

    private static final String[] TIERS = {"bronze", "silver", "gold", "platinum"};
    private static final LocalDate BIRTHS_FROM = LocalDate.of(1950, 1, 1);
    private static final LocalDate RELEASES_FROM = LocalDate.of(2015, 1, 1);
    private static final LocalDateTime PRODUCTS_CREATED_FROM = LocalDateTime.of(2017, 1, 1, 0, 0);

    private final Connection connection;
    private final String db;
    private final DemoPlan plan;

    DemoCatalogRows(Connection connection, String quotedDb, DemoPlan plan) {
        this.connection = connection;
        this.db = quotedDb;
        this.plan = plan;
    }

    static String countryCode(int index) {
        return (String) COUNTRIES[index][0];
    }

    static String currency(int index) {
        return (String) COUNTRIES[index][3];
    }

    long countries() throws SQLException {
        try (DemoInsert insert = new DemoInsert(connection, db, "countries",
                "code", "name", "native_name", "currency", "vat_rate", "phone_prefix", "eu_member")) {
            for (Object[] c : COUNTRIES) {
                insert.row(c[0], c[1], c[2], c[3], BigDecimal.valueOf((Integer) c[4], 4), c[5], c[6]);
            }
            return insert.finish();
        }
    }

    long categories() throws SQLException {
        SplittableRandom random = DemoPlan.random(2);
        int roots = Math.max(3, plan.categories / 6);
        String[][] names = DemoText.CATEGORY_NAMES;
        try (DemoInsert insert = new DemoInsert(connection, db, "categories",
                "id", "parent_id", "name", "slug", "position", "is_visible")) {
            for (int id = 1; id <= plan.categories; id++) {
                // Parents always have a smaller id, so the self-reference holds row by row.
                Integer parent = id <= roots ? null : 1 + random.nextInt(id - 1);
                String[] name = names[(id - 1) % names.length];
                int round = (id - 1) / names.length;
                String display = round == 0 ? name[0] : name[0] + " " + (round + 1);
                insert.row(id, parent, display, name[1] + "-" + id, random.nextInt(256),
                        random.nextInt(20) != 0);
            }
            return insert.finish();
        }
    }

    long customers() throws SQLException {
        SplittableRandom random = DemoPlan.random(3);
        try (DemoInsert insert = new DemoInsert(connection, db, "customers",
                "id", "email", "full_name", "country_code", "birth_date", "loyalty_tier",
                "marketing_opt_in", "api_token", "signed_up_at", "created_at", "notes")) {
            for (int id = 1; id <= plan.customers; id++) {
                String[] first = DemoText.pick(random, DemoText.FIRST_NAMES);
                String[] last = DemoText.pick(random, DemoText.LAST_NAMES);
                String email = first[1] + "." + last[1] + "." + id + "@" + DemoText.pick(random, DemoText.MAIL_DOMAINS);
                int country = DemoPlan.skewed(random, COUNTRIES.length);
                plan.customerCountry[id - 1] = country;
                LocalDate birth = random.nextInt(100) < 15 ? null : BIRTHS_FROM.plusDays(random.nextInt(20_800));
                LocalDateTime signedUp = DemoPlan.spread(random, DemoPlan.SIGNUPS_FROM,
                        DemoPlan.SIGNUPS_SPAN_MICROS, id - 1, plan.customers);
                insert.row(id, email, first[0] + " " + last[0], countryCode(country), birth,
                        tier(random), random.nextBoolean(),
                        random.nextInt(5) == 0 ? null : DemoText.bytes(random, 16),
                        signedUp, signedUp.truncatedTo(ChronoUnit.SECONDS),
                        random.nextInt(20) == 0 ? DemoText.customerNote(random) : null);
            }
            return insert.finish();
        }
    }

    long products() throws SQLException {
        SplittableRandom random = DemoPlan.random(4);
        long[] endings = {1, 0, 50, 5};
        try (DemoInsert insert = new DemoInsert(connection, db, "products",
                "id", "category_id", "sku", "name", "description", "price", "weight_kg", "rating",
                "stock", "is_active", "thumbnail", "released_on", "created_at")) {
            for (int id = 1; id <= plan.products; id++) {
                String name = DemoText.productName(random, id);
                long cents = (1 + random.nextInt(400)) * 100L - endings[random.nextInt(endings.length)];
                plan.productPriceCents[id - 1] = cents;
                insert.row(id, 1 + random.nextInt(plan.categories),
                        "SKU-" + String.format("%06d", id) + "-" + (char) ('A' + random.nextInt(26)),
                        name,
                        random.nextInt(10) == 0 ? null : DemoText.productDescription(random, id, name),
                        BigDecimal.valueOf(cents, 2),
                        random.nextInt(20) == 0 ? null : BigDecimal.valueOf(50 + random.nextInt(250_000), 4),
                        random.nextInt(5) == 0 ? null : 1.0f + 0.25f * random.nextInt(17),
                        random.nextInt(2006) - 5,
                        random.nextInt(10) != 0,
                        random.nextInt(10) < 3 ? null : DemoText.thumbnail(random),
                        random.nextInt(20) == 0 ? null : RELEASES_FROM.plusDays(random.nextInt(3650)),
                        PRODUCTS_CREATED_FROM.plusSeconds(random.nextInt(6 * 365 * 86_400)));
            }
            return insert.finish();
        }
    }

    private static String tier(SplittableRandom random) {
        int p = random.nextInt(100);
        return TIERS[p < 60 ? 0 : p < 85 ? 1 : p < 97 ? 2 : 3];
    }
}
