-- Sluice torture schema, MySQL/MariaDB side. One statement per ';' at the end of a line.
-- Every table is copied in all four directions by TortureSchemaTest; the row values live in the edge cases
-- of their types, so each column is either carried exactly or changed under a policy that is named.

CREATE TABLE `Order Lines` (
  `Order` INT NOT NULL,
  `select` SMALLINT UNSIGNED NOT NULL,
  `Group By` VARCHAR(40) CHARACTER SET utf8mb4 NOT NULL DEFAULT 'café',
  `with space` DECIMAL(65,30) DEFAULT '0.000000000000000000000000000001',
  `dash-and"quote` TINYINT(1) DEFAULT 1,
  PRIMARY KEY (`Order`, `select`)
);
INSERT INTO `Order Lines` VALUES (1, 65535, 'Café ☕ 😀', '12345678901234567890123456789012345.123456789012345678901234567890', 2),
  (1, 0, '', '-0.000000000000000000000000000001', -1), (2, 7, 'é', NULL, NULL);

CREATE TABLE no_key_dups (a INT, b VARCHAR(10), c DOUBLE);
INSERT INTO no_key_dups VALUES (1, 'x', 0.1), (1, 'x', 0.1), (1, 'x', 0.1), (NULL, NULL, NULL), (NULL, NULL, NULL);

CREATE TABLE unique_no_key (code CHAR(3) NOT NULL, n BIGINT UNSIGNED, UNIQUE KEY uk_code (code));
INSERT INTO unique_no_key VALUES ('a', 18446744073709551615), ('b  ', 0), ('c', NULL);

CREATE TABLE edge_values (
  id INT AUTO_INCREMENT PRIMARY KEY,
  d DATE, dt DATETIME(6), ts TIMESTAMP(6) NULL, tm TIME(6), y YEAR,
  f FLOAT, dbl DOUBLE, b BIT(10), e ENUM('small','large'), s SET('a','b','c'),
  txt TEXT, bin VARBINARY(16), j JSON, g GEOMETRY, zf INT(6) ZEROFILL
);
INSERT INTO edge_values (d, dt, ts, tm, y, f, dbl, b, e, s, txt, bin, j, g, zf) VALUES
  ('1000-01-01', '9999-12-31 23:59:59.999999', '1970-01-01 00:00:01.000001', '-838:59:59', 1901, 1.2345678,
   -2.2250738585072014e-308, b'1111111111', 'large', 'a,c', CONCAT('tab', CHAR(9), 'nl', CHAR(10), 'q''', '\\'), X'00FF00', '{"b": [1, 2.50], "a": null}',
   ST_GeomFromText('POINT(1 2)', 4326), 42),
  ('0000-00-00', '2024-02-00 10:00:00', '2038-01-19 03:14:07.999999', '838:59:59.000000', 2155, 3.402823466e38,
   1.7976931348623157e308, b'0', 'small', '', CONCAT('nul', CHAR(0), 'inside'), X'', '[]',
   ST_GeomFromText('LINESTRING(0 0, 1 1)'), 0),
  ('2024-02-29', '2024-02-29 12:00:00', NULL, '12:34:56.000001', 0, 0.1, 4.9e-324, NULL, 'small', 'b', 'plain',
   NULL, NULL, NULL, NULL);
SET SESSION sql_mode = '';
INSERT INTO edge_values (e, txt) VALUES ('not a label', 'the invalid empty ENUM value');
SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION';

CREATE TABLE `generated` (
  id INT PRIMARY KEY,
  price DECIMAL(10,2) NOT NULL,
  qty INT NOT NULL,
  total DECIMAL(12,2) AS (price * qty) STORED,
  label VARCHAR(40) AS (CONCAT('x', qty)) VIRTUAL
);
INSERT INTO `generated` (id, price, qty) VALUES (1, 9.99, 3), (2, 0.01, 100);

CREATE TABLE defaults (
  id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  created DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  status VARCHAR(10) NOT NULL DEFAULT 'new',
  n INT DEFAULT 42,
  ratio DOUBLE DEFAULT -1.5,
  flag TINYINT(1) NOT NULL DEFAULT 0,
  day DATE DEFAULT '2000-01-01'
);
INSERT INTO defaults (id, created, updated) VALUES (5, '2024-01-01 00:00:00', '2024-01-01 00:00:00.123');
INSERT INTO defaults (status, n, flag) VALUES ('done', NULL, 2);

CREATE TABLE checked (
  id INT PRIMARY KEY,
  price DECIMAL(8,2) NOT NULL CHECK (price >= 0),
  qty INT NOT NULL,
  CONSTRAINT qty_range CHECK (qty BETWEEN 0 AND 1000)
);
INSERT INTO checked VALUES (1, 0, 0), (2, 999999.99, 1000);

CREATE TABLE docs (
  id INT PRIMARY KEY,
  title VARCHAR(200) NOT NULL,
  body TEXT,
  place POINT NOT NULL,
  FULLTEXT KEY ft_docs (title, body),
  SPATIAL KEY sp_place (place),
  KEY k_title (title)
);
INSERT INTO docs VALUES (1, 'Sluice', 'moves rows between databases', ST_GeomFromText('POINT(3 4)')),
  (2, 'Lossless', 'or loud', ST_GeomFromText('POINT(-71.06 42.36)'));

CREATE TABLE parted (
  id INT NOT NULL,
  created DATE NOT NULL,
  PRIMARY KEY (id, created)
) PARTITION BY RANGE (YEAR(created)) (PARTITION p2023 VALUES LESS THAN (2024), PARTITION pmax VALUES LESS THAN MAXVALUE);
INSERT INTO parted VALUES (1, '2023-05-01'), (2, '2024-05-01'), (3, '2031-01-01');

CREATE TABLE parent (id INT PRIMARY KEY, name VARCHAR(20));
CREATE TABLE child (id INT PRIMARY KEY, parent_id INT, CONSTRAINT fk_child_parent FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE);
INSERT INTO parent VALUES (1, 'one'), (2, 'two');
INSERT INTO child VALUES (10, 1), (11, 1), (12, NULL);

CREATE VIEW v_totals AS SELECT `id`, `price` * `qty` AS amount FROM `generated` WHERE `qty` > 0;
