# shellcheck shell=bash disable=SC2034  # BENCH_TABLES and the sizes are read by the scripts that source this
# The benchmark datasets, generated server-side (MariaDB's SEQUENCE engine, PostgreSQL's generate_series)
# with the same formulas on both engines, so bench_src holds the same rows in MariaDB and in PostgreSQL.
# Sourced by run.sh and memory.sh after common.sh.
#
# "employees-like", N rows in all (exactly):
#   departments   9 rows         char(4) PK, varchar, unique key
#   employees     7.5 % of N     int AUTO_INCREMENT / serial PK, names, dates, gender enum, index on names
#   salaries      55 % of N      composite PK (emp_no, from_date), int, dates, FK -> employees
#   titles        15 % of N      composite PK (emp_no, title, from_date), varchar, nullable date, FK
#   wide_events   the rest       15 columns: bigint PK, decimal(12,2), double, ~200-char text (some
#                                non-ASCII), datetime(6) / timestamp(6) (one nullable), tinyint /
#                                smallint, bigint, char, varchar, date, int, varbinary / bytea; index
# A marker table bench_meta.marker (a separate database, so no tool copies it) records N and the
# generator version per dataset; a dataset whose marker matches is not generated again.

readonly GEN_VERSION=1
readonly BENCH_TABLES=(departments employees salaries titles wide_events)

readonly FIRST_NAMES=(Georgi Bezalel Parto Chirstian Kyoichi Anneke Tzvetan Saniya Sumant Duangkaew Mary
    Patricio Eberhardt Berni Guoxiang Kazuhito Cristinel Kazuhide Lillian Mayuko Ramzi Shahaf Bojan Suzette)
readonly LAST_NAMES=(Facello Simmel Bamford Koblick Maliniak Preusig Zielinski Kalloufi Peac Piveteau Sluis
    Bridgland Terkki Genin Nooteboom Cappelletti Bouloucos Peha Haddadi Warwick Erde Famili Pettey Heyers
    Berztiss Reistad Herber Lortz Ossenbruggen)
readonly TITLES=("Engineer" "Senior Engineer" "Staff" "Senior Staff" "Assistant Engineer" "Technique Leader"
    "Manager")
readonly EVENT_TYPES=(hire raise promotion transfer review leave)
readonly CURRENCIES=(EUR USD GBP JPY)
# 80 characters with some 2-byte UTF-8; notes take 38 characters of it from offset 0..16, five times.
readonly LOREM="Lorem ipsum dolor sit amet, café Zürich naïve façade, consectetur adipiscing elit"
readonly DEPARTMENTS="('d001','Marketing'),('d002','Finance'),('d003','Human Resources'),('d004','Production'),
('d005','Development'),('d006','Quality Management'),('d007','Sales'),('d008','Research'),
('d009','Customer Service')"

# Table sizes for N rows: sets D E S T W (departments, employees, salaries, titles, wide_events).
dataset_sizes() {
    local n=$1
    ((n >= 1000)) || die "--rows must be at least 1000 (got $n)"
    D=9 E=$((n * 3 / 40)) S=$((n * 55 / 100)) T=$((n * 15 / 100))
    W=$((n - D - E - S - T))
}

# SQL list of quoted strings: 'a','b',...
sql_list() {
    local out="" x
    for x in "$@"; do out+="'$x',"; done
    printf '%s' "${out%,}"
}
my_pick() { local expr=$1 && shift && printf "ELT(1 + (%s) %% %d, %s)" "$expr" $# "$(sql_list "$@")"; }
pg_pick() { local expr=$1 && shift && printf "(ARRAY[%s])[1 + ((%s) %% %d)::int]" "$(sql_list "$@")" "$expr" $#; }

# ---- marker -----------------------------------------------------------------------------------------

marker_init() {
    my -e "CREATE DATABASE IF NOT EXISTS bench_meta; CREATE TABLE IF NOT EXISTS bench_meta.marker (
        name VARCHAR(64) PRIMARY KEY, total_rows BIGINT NOT NULL, gen_version INT NOT NULL,
        generated_at DATETIME NOT NULL)"
    if [[ -z $(pg postgres -c "SELECT 1 FROM pg_database WHERE datname = 'bench_meta'") ]]; then
        pg postgres -c "CREATE DATABASE bench_meta"
    fi
    pg bench_meta -c "CREATE TABLE IF NOT EXISTS marker (name varchar(64) PRIMARY KEY, total_rows bigint NOT NULL,
        gen_version int NOT NULL, generated_at timestamp NOT NULL)"
}

# marker_get my|pg NAME -> "total_rows gen_version" or nothing
marker_get() {
    case $1 in
        my) my -e "SELECT total_rows, gen_version FROM bench_meta.marker WHERE name = '$2'" | tr '\t' ' ' ;;
        pg) pg bench_meta -F ' ' -c "SELECT total_rows, gen_version FROM marker WHERE name = '$2'" ;;
    esac
}

marker_set() {
    case $1 in
        my) my -e "REPLACE INTO bench_meta.marker VALUES ('$2', $3, $GEN_VERSION, NOW())" ;;
        pg) pg bench_meta -c "INSERT INTO marker VALUES ('$2', $3, $GEN_VERSION, now())
                ON CONFLICT (name) DO UPDATE SET total_rows = EXCLUDED.total_rows,
                gen_version = EXCLUDED.gen_version, generated_at = EXCLUDED.generated_at" ;;
    esac
}

marker_clear() {
    case $1 in
        my) my -e "DELETE FROM bench_meta.marker WHERE name = '$2'" ;;
        pg) pg bench_meta -c "DELETE FROM marker WHERE name = '$2'" ;;
    esac
}

# dataset_current my|pg NAME ROWS: true when the marker says NAME holds ROWS rows of this generator version
# and the database exists.
dataset_current() {
    local engine=$1 name=$2 rows=$3
    [[ $(marker_get "$engine" "$name") == "$rows $GEN_VERSION" ]] || return 1
    case $engine in
        my) [[ -n $(my -e "SHOW DATABASES LIKE '$name'") ]] ;;
        pg) [[ -n $(pg postgres -c "SELECT 1 FROM pg_database WHERE datname = '$name'") ]] ;;
    esac
}

# ---- employees-like dataset -------------------------------------------------------------------------

gen_my_employees() {
    local db=$1 n=$2
    dataset_sizes "$n"
    marker_clear my "$db"
    log "generating MariaDB $db: $n rows (departments $D, employees $E, salaries $S, titles $T, wide_events $W)"
    my >/dev/null <<SQL
SET SESSION sql_log_bin = 0;
SET SESSION foreign_key_checks = 0, unique_checks = 0;
DROP DATABASE IF EXISTS \`$db\`;
CREATE DATABASE \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
USE \`$db\`;
CREATE TABLE departments (
  dept_no   CHAR(4)     NOT NULL,
  dept_name VARCHAR(40) NOT NULL,
  PRIMARY KEY (dept_no),
  UNIQUE KEY uq_departments_name (dept_name)
) ENGINE=InnoDB;
CREATE TABLE employees (
  emp_no     INT           NOT NULL AUTO_INCREMENT,
  birth_date DATE          NOT NULL,
  first_name VARCHAR(14)   NOT NULL,
  last_name  VARCHAR(16)   NOT NULL,
  gender     ENUM('M','F') NOT NULL,
  hire_date  DATE          NOT NULL,
  PRIMARY KEY (emp_no),
  KEY ix_employees_name (last_name, first_name)
) ENGINE=InnoDB;
CREATE TABLE salaries (
  emp_no    INT  NOT NULL,
  salary    INT  NOT NULL,
  from_date DATE NOT NULL,
  to_date   DATE NOT NULL,
  PRIMARY KEY (emp_no, from_date),
  CONSTRAINT fk_salaries_emp FOREIGN KEY (emp_no) REFERENCES employees (emp_no)
) ENGINE=InnoDB;
CREATE TABLE titles (
  emp_no    INT         NOT NULL,
  title     VARCHAR(50) NOT NULL,
  from_date DATE        NOT NULL,
  to_date   DATE        NULL,
  PRIMARY KEY (emp_no, title, from_date),
  CONSTRAINT fk_titles_emp FOREIGN KEY (emp_no) REFERENCES employees (emp_no)
) ENGINE=InnoDB;
CREATE TABLE wide_events (
  id          BIGINT        NOT NULL AUTO_INCREMENT,
  emp_no      INT           NOT NULL,
  event_type  VARCHAR(24)   NOT NULL,
  amount      DECIMAL(12,2) NOT NULL,
  ratio       DOUBLE        NOT NULL,
  note        TEXT          NOT NULL,
  created_at  DATETIME(6)   NOT NULL,
  updated_at  DATETIME(6)   NULL,
  priority    TINYINT       NOT NULL,
  big_counter BIGINT        NOT NULL,
  code        CHAR(8)       NOT NULL,
  event_day   DATE          NOT NULL,
  quantity    INT           NOT NULL,
  digest      VARBINARY(16) NOT NULL,
  currency    CHAR(3)       NOT NULL,
  PRIMARY KEY (id),
  KEY ix_wide_events_emp (emp_no)
) ENGINE=InnoDB;

INSERT INTO departments VALUES $DEPARTMENTS;

INSERT INTO employees (emp_no, birth_date, first_name, last_name, gender, hire_date)
SELECT 10001 + i,
       DATE '1952-02-01' + INTERVAL ((i * 7919) % 4700) DAY,
       $(my_pick "i * 31" "${FIRST_NAMES[@]}"),
       $(my_pick "i * 17 + i DIV 29" "${LAST_NAMES[@]}"),
       IF(i % 5 < 3, 'M', 'F'),
       DATE '1985-01-01' + INTERVAL ((i * 104729) % 5000) DAY
FROM (SELECT CAST(seq AS SIGNED) AS i FROM seq_0_to_$((E - 1))) s;

-- Row r of S belongs to employee e = r*E div S; k is its number within that employee, cnt their count.
INSERT INTO salaries (emp_no, salary, from_date, to_date)
SELECT 10001 + e,
       38000 + (r * 7907) % 90000 + k * 1500,
       hire + INTERVAL (k * 365) DAY,
       IF(k = cnt - 1, DATE '9999-01-01', hire + INTERVAL ((k + 1) * 365) DAY)
FROM (SELECT r, e,
             r - (e * $S + $E - 1) DIV $E AS k,
             ((e + 1) * $S + $E - 1) DIV $E - (e * $S + $E - 1) DIV $E AS cnt,
             DATE '1985-01-01' + INTERVAL ((e * 104729) % 5000) DAY AS hire
      FROM (SELECT CAST(seq AS SIGNED) AS r, CAST(seq AS SIGNED) * $E DIV $S AS e
            FROM seq_0_to_$((S - 1))) s) x;

INSERT INTO titles (emp_no, title, from_date, to_date)
SELECT 10001 + e,
       $(my_pick "e + k" "${TITLES[@]}"),
       hire + INTERVAL (k * 730) DAY,
       IF(k = cnt - 1, NULL, hire + INTERVAL ((k + 1) * 730) DAY)
FROM (SELECT r, e,
             r - (e * $T + $E - 1) DIV $E AS k,
             ((e + 1) * $T + $E - 1) DIV $E - (e * $T + $E - 1) DIV $E AS cnt,
             DATE '1985-01-01' + INTERVAL ((e * 104729) % 5000) DAY AS hire
      FROM (SELECT CAST(seq AS SIGNED) AS r, CAST(seq AS SIGNED) * $E DIV $T AS e
            FROM seq_0_to_$((T - 1))) s) x;

INSERT INTO wide_events (id, emp_no, event_type, amount, ratio, note, created_at, updated_at, priority,
                         big_counter, code, event_day, quantity, digest, currency)
SELECT n, 10001 + (n * 7) % $E,
       $(my_pick "n" "${EVENT_TYPES[@]}"),
       ((n * 7919) % 100000000) / 100,
       (n % 100003) / 7e0,
       CONCAT('event ', n, ': ', REPEAT(SUBSTRING('$LOREM', 1 + n % 17, 38), 5)),
       created,
       IF(n % 10 = 0, NULL, created + INTERVAL (n % 86400) SECOND),
       (n % 200) - 100,
       n * 9007199 + 7,
       UPPER(LEFT(MD5(n), 8)),
       DATE '2015-01-01' + INTERVAL (n % 3650) DAY,
       (n * 31) % 1000,
       UNHEX(MD5(CONCAT('d', n))),
       $(my_pick "n" "${CURRENCIES[@]}")
FROM (SELECT n, TIMESTAMP '2015-01-01 00:00:00' + INTERVAL ((n * 37) % 300000000) SECOND
                + INTERVAL ((n * 7) % 1000000) MICROSECOND AS created
      FROM (SELECT CAST(seq AS SIGNED) AS n FROM seq_1_to_$W) s) x;

ANALYZE TABLE departments, employees, salaries, titles, wide_events;
SQL
    marker_set my "$db" "$n"
}

gen_pg_employees() {
    local db=$1 n=$2
    dataset_sizes "$n"
    marker_clear pg "$db"
    log "generating PostgreSQL $db: $n rows (departments $D, employees $E, salaries $S, titles $T, wide_events $W)"
    pg postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
    pg "$db" >/dev/null <<SQL
CREATE TYPE gender AS ENUM ('M', 'F');
CREATE TABLE departments (
  dept_no   char(4)     NOT NULL PRIMARY KEY,
  dept_name varchar(40) NOT NULL CONSTRAINT uq_departments_name UNIQUE
);
CREATE TABLE employees (
  emp_no     serial      NOT NULL PRIMARY KEY,
  birth_date date        NOT NULL,
  first_name varchar(14) NOT NULL,
  last_name  varchar(16) NOT NULL,
  gender     gender      NOT NULL,
  hire_date  date        NOT NULL
);
CREATE TABLE salaries (
  emp_no    integer NOT NULL,
  salary    integer NOT NULL,
  from_date date    NOT NULL,
  to_date   date    NOT NULL,
  PRIMARY KEY (emp_no, from_date)
);
CREATE TABLE titles (
  emp_no    integer     NOT NULL,
  title     varchar(50) NOT NULL,
  from_date date        NOT NULL,
  to_date   date,
  PRIMARY KEY (emp_no, title, from_date)
);
CREATE TABLE wide_events (
  id          bigserial     NOT NULL PRIMARY KEY,
  emp_no      integer       NOT NULL,
  event_type  varchar(24)   NOT NULL,
  amount      numeric(12,2) NOT NULL,
  ratio       double precision NOT NULL,
  note        text          NOT NULL,
  created_at  timestamp(6)  NOT NULL,
  updated_at  timestamp(6),
  priority    smallint      NOT NULL,
  big_counter bigint        NOT NULL,
  code        char(8)       NOT NULL,
  event_day   date          NOT NULL,
  quantity    integer       NOT NULL,
  digest      bytea         NOT NULL,
  currency    char(3)       NOT NULL
);

INSERT INTO departments VALUES $DEPARTMENTS;

INSERT INTO employees (emp_no, birth_date, first_name, last_name, gender, hire_date)
SELECT 10001 + i,
       DATE '1952-02-01' + ((i * 7919) % 4700)::int,
       $(pg_pick "i * 31" "${FIRST_NAMES[@]}"),
       $(pg_pick "i * 17 + i / 29" "${LAST_NAMES[@]}"),
       (CASE WHEN i % 5 < 3 THEN 'M' ELSE 'F' END)::gender,
       DATE '1985-01-01' + ((i * 104729) % 5000)::int
FROM generate_series(0::bigint, $((E - 1))) i;

INSERT INTO salaries (emp_no, salary, from_date, to_date)
SELECT 10001 + e,
       38000 + (r * 7907) % 90000 + k * 1500,
       hire + (k * 365)::int,
       CASE WHEN k = cnt - 1 THEN DATE '9999-01-01' ELSE hire + ((k + 1) * 365)::int END
FROM (SELECT r, e,
             r - (e * $S + $E - 1) / $E AS k,
             ((e + 1) * $S + $E - 1) / $E - (e * $S + $E - 1) / $E AS cnt,
             DATE '1985-01-01' + ((e * 104729) % 5000)::int AS hire
      FROM (SELECT r, r * $E / $S AS e FROM generate_series(0::bigint, $((S - 1))) r) s) x;

INSERT INTO titles (emp_no, title, from_date, to_date)
SELECT 10001 + e,
       $(pg_pick "e + k" "${TITLES[@]}"),
       hire + (k * 730)::int,
       CASE WHEN k = cnt - 1 THEN NULL ELSE hire + ((k + 1) * 730)::int END
FROM (SELECT r, e,
             r - (e * $T + $E - 1) / $E AS k,
             ((e + 1) * $T + $E - 1) / $E - (e * $T + $E - 1) / $E AS cnt,
             DATE '1985-01-01' + ((e * 104729) % 5000)::int AS hire
      FROM (SELECT r, r * $E / $T AS e FROM generate_series(0::bigint, $((T - 1))) r) s) x;

INSERT INTO wide_events (id, emp_no, event_type, amount, ratio, note, created_at, updated_at, priority,
                         big_counter, code, event_day, quantity, digest, currency)
SELECT n, 10001 + (n * 7) % $E,
       $(pg_pick "n" "${EVENT_TYPES[@]}"),
       ((n * 7919) % 100000000) / 100.0,
       (n % 100003)::float8 / 7,
       'event ' || n || ': ' || repeat(substr('$LOREM', 1 + (n % 17)::int, 38), 5),
       created,
       CASE WHEN n % 10 = 0 THEN NULL ELSE created + (n % 86400) * interval '1 second' END,
       (n % 200) - 100,
       n * 9007199 + 7,
       upper(left(md5(n::text), 8)),
       DATE '2015-01-01' + (n % 3650)::int,
       (n * 31) % 1000,
       decode(md5('d' || n), 'hex'),
       $(pg_pick "n" "${CURRENCIES[@]}")
FROM (SELECT n, TIMESTAMP '2015-01-01 00:00:00' + ((n * 37) % 300000000) * interval '1 second'
                + ((n * 7) % 1000000) * interval '1 microsecond' AS created
      FROM generate_series(1::bigint, $W) n) x;

CREATE INDEX ix_employees_name ON employees (last_name, first_name);
CREATE INDEX ix_wide_events_emp ON wide_events (emp_no);
ALTER TABLE salaries ADD CONSTRAINT fk_salaries_emp FOREIGN KEY (emp_no) REFERENCES employees (emp_no);
ALTER TABLE titles ADD CONSTRAINT fk_titles_emp FOREIGN KEY (emp_no) REFERENCES employees (emp_no);
SELECT setval(pg_get_serial_sequence('employees', 'emp_no'), (SELECT max(emp_no) FROM employees));
SELECT setval(pg_get_serial_sequence('wide_events', 'id'), (SELECT max(id) FROM wide_events));
SQL
    pg "$db" -c "VACUUM (ANALYZE, FREEZE)" >/dev/null
    marker_set pg "$db" "$n"
}

# ---- one narrow table, and one of big blobs (memory.sh) ----------------------------------------------

gen_my_narrow() {
    local db=$1 n=$2
    marker_clear my "$db"
    log "generating MariaDB $db: narrow table of $n rows"
    my >/dev/null <<SQL
SET SESSION sql_log_bin = 0;
DROP DATABASE IF EXISTS \`$db\`;
CREATE DATABASE \`$db\` CHARACTER SET utf8mb4;
USE \`$db\`;
CREATE TABLE narrow (
  id      BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
  account INT         NOT NULL,
  amount  INT         NOT NULL,
  day     DATE        NOT NULL,
  label   VARCHAR(20) NOT NULL
) ENGINE=InnoDB;
INSERT INTO narrow (id, account, amount, day, label)
SELECT n, (n * 7919) % 100000, (n * 31) % 1000000 - 500000, DATE '2000-01-01' + INTERVAL (n % 9000) DAY,
       CONCAT('row-', n)
FROM (SELECT CAST(seq AS SIGNED) AS n FROM seq_1_to_$n) s;
ANALYZE TABLE narrow;
SQL
    marker_set my "$db" "$n"
}

# N rows of one LONGBLOB of BYTES bytes each (BYTES a multiple of 16).
gen_my_blobs() {
    local db=$1 n=$2 bytes=$3
    marker_clear my "$db"
    log "generating MariaDB $db: $n rows of a $bytes-byte LONGBLOB"
    my >/dev/null <<SQL
SET SESSION sql_log_bin = 0;
DROP DATABASE IF EXISTS \`$db\`;
CREATE DATABASE \`$db\` CHARACTER SET utf8mb4;
USE \`$db\`;
CREATE TABLE blobs (
  id   INT      NOT NULL PRIMARY KEY,
  data LONGBLOB NOT NULL
) ENGINE=InnoDB;
SQL
    local i
    for ((i = 1; i <= n; i++)); do  # one row per statement: a 5 MB row stays under max_allowed_packet
        printf 'INSERT INTO blobs VALUES (%d, REPEAT(UNHEX(MD5(%d)), %d));\n' "$i" "$i" $((bytes / 16))
    done | my --init-command="SET SESSION sql_log_bin = 0" "$db"
    my -e "ANALYZE TABLE \`$db\`.blobs" >/dev/null
    marker_set my "$db" "$n"
}
