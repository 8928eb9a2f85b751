package dev.sluice.cli.demo;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * DDL of the demo shop, in creation order (parents before children).
 *
 * <p>Every type is chosen so that PostgreSQL can hold each value exactly: unsigned columns stay
 * within the signed range of the next wider type, FLOAT holds only multiples of 0.25, BOOLEAN holds
 * only 0/1, TIMESTAMP stays inside 1970..2038. There is deliberately no JSON column: MariaDB keeps
 * JSON as text while {@code jsonb} reorders keys, which would make a round trip look lossy.
 */
final class DemoSchema {

    /** Placeholder replaced by the quoted database name, e.g. {@code `sluice_demo`}. */
    private static final String DB = "{db}";

    private static final String TABLE_OPTIONS =
            " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci";

    private static final Map<String, String> TABLES = new LinkedHashMap<>();

    static {
        TABLES.put("countries", """
                CREATE TABLE {db}.countries (
                  code         CHAR(2)           NOT NULL,
                  name         VARCHAR(80)       NOT NULL,
                  native_name  VARCHAR(80)       NOT NULL,
                  currency     CHAR(3)           NOT NULL,
                  vat_rate     DECIMAL(10,4)     NOT NULL,
                  phone_prefix SMALLINT UNSIGNED NOT NULL,
                  eu_member    BOOLEAN           NOT NULL DEFAULT FALSE,
                  PRIMARY KEY (code),
                  UNIQUE KEY uq_countries_name (name)
                )""");
        TABLES.put("categories", """
                CREATE TABLE {db}.categories (
                  id         INT              NOT NULL AUTO_INCREMENT,
                  parent_id  INT              NULL,
                  name       VARCHAR(100)     NOT NULL,
                  slug       VARCHAR(120)     NOT NULL,
                  position   TINYINT UNSIGNED NOT NULL DEFAULT 0,
                  is_visible BOOLEAN          NOT NULL DEFAULT TRUE,
                  PRIMARY KEY (id),
                  UNIQUE KEY uq_categories_slug (slug),
                  KEY ix_categories_parent_position (parent_id, position),
                  CONSTRAINT fk_categories_parent FOREIGN KEY (parent_id) REFERENCES {db}.categories (id)
                )""");
        TABLES.put("customers", """
                CREATE TABLE {db}.customers (
                  id               INT UNSIGNED  NOT NULL AUTO_INCREMENT,
                  email            VARCHAR(190)  NOT NULL,
                  full_name        VARCHAR(120)  NOT NULL,
                  country_code     CHAR(2)       NOT NULL,
                  birth_date       DATE          NULL,
                  loyalty_tier     ENUM('bronze','silver','gold','platinum') NOT NULL DEFAULT 'bronze',
                  marketing_opt_in BOOLEAN       NOT NULL DEFAULT FALSE,
                  api_token        VARBINARY(16) NULL,
                  signed_up_at     DATETIME(6)   NOT NULL,
                  created_at       TIMESTAMP     NOT NULL DEFAULT CURRENT_TIMESTAMP,
                  notes            TEXT          NULL,
                  PRIMARY KEY (id),
                  UNIQUE KEY uq_customers_email (email),
                  KEY ix_customers_country_tier (country_code, loyalty_tier),
                  CONSTRAINT fk_customers_country FOREIGN KEY (country_code) REFERENCES {db}.countries (code)
                )""");
        TABLES.put("products", """
                CREATE TABLE {db}.products (
                  id          INT           NOT NULL AUTO_INCREMENT,
                  category_id INT           NOT NULL,
                  sku         VARCHAR(32)   NOT NULL,
                  name        VARCHAR(200)  NOT NULL,
                  description TEXT          NULL,
                  price       DECIMAL(12,2) NOT NULL,
                  weight_kg   DECIMAL(10,4) NULL,
                  rating      FLOAT         NULL,
                  stock       SMALLINT      NOT NULL DEFAULT 0,
                  is_active   BOOLEAN       NOT NULL DEFAULT TRUE,
                  thumbnail   BLOB          NULL,
                  released_on DATE          NULL,
                  created_at  TIMESTAMP     NOT NULL DEFAULT CURRENT_TIMESTAMP,
                  PRIMARY KEY (id),
                  UNIQUE KEY uq_products_sku (sku),
                  KEY ix_products_category (category_id),
                  CONSTRAINT fk_products_category FOREIGN KEY (category_id) REFERENCES {db}.categories (id)
                )""");
        TABLES.put("orders", """
                CREATE TABLE {db}.orders (
                  id            BIGINT           NOT NULL AUTO_INCREMENT,
                  customer_id   INT UNSIGNED     NOT NULL,
                  status        ENUM('pending','paid','shipped','delivered','cancelled','refunded') NOT NULL DEFAULT 'pending',
                  ordered_at    DATETIME(6)      NOT NULL,
                  shipped_on    DATE             NULL,
                  ship_country  CHAR(2)          NOT NULL,
                  currency      CHAR(3)          NOT NULL,
                  items_count   TINYINT UNSIGNED NOT NULL,
                  total_amount  DECIMAL(12,2)    NOT NULL,
                  discount_rate DECIMAL(10,4)    NOT NULL DEFAULT 0,
                  coupon_code   VARCHAR(20)      NULL,
                  gift_message  VARCHAR(255)     NULL,
                  PRIMARY KEY (id),
                  KEY ix_orders_customer_ordered (customer_id, ordered_at),
                  KEY ix_orders_status (status),
                  CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES {db}.customers (id),
                  CONSTRAINT fk_orders_ship_country FOREIGN KEY (ship_country) REFERENCES {db}.countries (code)
                )""");
        TABLES.put("order_items", """
                CREATE TABLE {db}.order_items (
                  order_id   BIGINT            NOT NULL,
                  line_no    SMALLINT          NOT NULL,
                  product_id INT               NOT NULL,
                  quantity   SMALLINT UNSIGNED NOT NULL,
                  unit_price DECIMAL(12,2)     NOT NULL,
                  line_total DECIMAL(12,2)     NOT NULL,
                  PRIMARY KEY (order_id, line_no),
                  KEY ix_order_items_product (product_id),
                  CONSTRAINT fk_order_items_order FOREIGN KEY (order_id) REFERENCES {db}.orders (id) ON DELETE CASCADE,
                  CONSTRAINT fk_order_items_product FOREIGN KEY (product_id) REFERENCES {db}.products (id)
                )""");
        TABLES.put("reviews", """
                CREATE TABLE {db}.reviews (
                  id            INT          NOT NULL AUTO_INCREMENT,
                  product_id    INT          NOT NULL,
                  customer_id   INT UNSIGNED NOT NULL,
                  stars         TINYINT      NOT NULL,
                  title         VARCHAR(150) NULL,
                  body          TEXT         NOT NULL,
                  helpful_votes INT UNSIGNED NOT NULL DEFAULT 0,
                  sentiment     DOUBLE       NULL,
                  posted_at     DATETIME(6)  NOT NULL,
                  PRIMARY KEY (id),
                  KEY ix_reviews_product_posted (product_id, posted_at),
                  KEY ix_reviews_customer (customer_id),
                  CONSTRAINT fk_reviews_product FOREIGN KEY (product_id) REFERENCES {db}.products (id),
                  CONSTRAINT fk_reviews_customer FOREIGN KEY (customer_id) REFERENCES {db}.customers (id)
                )""");
        // Append-only click log: no primary key, no foreign keys, and some rows repeated exactly
        // (the tracker fires twice now and then), as real logs have.
        TABLES.put("page_views", """
                CREATE TABLE {db}.page_views (
                  viewed_at     DATETIME(6)   NOT NULL,
                  session_token VARBINARY(16) NOT NULL,
                  customer_id   INT UNSIGNED  NULL,
                  product_id    INT           NULL,
                  path          VARCHAR(255)  NOT NULL,
                  referrer      VARCHAR(255)  NULL,
                  country_code  CHAR(2)       NULL,
                  http_status   SMALLINT      NOT NULL,
                  duration_ms   INT           NOT NULL,
                  load_seconds  DOUBLE        NOT NULL,
                  KEY ix_page_views_viewed_at (viewed_at),
                  KEY ix_page_views_product (product_id)
                )""");
    }

    private DemoSchema() {
    }

    /** Table names in creation order. */
    static Iterable<String> tables() {
        return TABLES.keySet();
    }

    /** The CREATE TABLE statement of {@code table}, qualified with {@code quotedDb}. */
    static String createTable(String table, String quotedDb) {
        String ddl = TABLES.get(table);
        if (ddl == null) {
            throw new IllegalArgumentException("no demo table named " + table);
        }
        return ddl.replace(DB, quotedDb) + TABLE_OPTIONS;
    }
}
