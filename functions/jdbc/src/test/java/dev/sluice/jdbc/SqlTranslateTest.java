package dev.sluice.jdbc;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** CHECK conditions and view definitions rewritten between dialects: quotes, casts, qualifiers; strings untouched. */
class SqlTranslateTest {

    @Test
    void mysqlToPostgresRequotesIdentifiersAndDropsTheSourceDatabase() {
        assertEquals("\"price\" >= 0 AND \"Group By\" <> 'it''s `x`'",
                SqlTranslate.expression("`price` >= 0 AND `Group By` <> 'it''s `x`'", true, false, null));
        assertEquals("select \"generated\".\"id\" AS \"id\" from \"generated\"",
                SqlTranslate.expression("select `shop`.`generated`.`id` AS `id` from `shop`.`generated`", true, false,
                        "shop"));
        assertEquals("\"a\"\"b\"", SqlTranslate.expression("`a\"b`", true, false, null));
    }

    @Test
    void postgresToMysqlRequotesAndDropsCasts() {
        assertEquals("((`price` >= (0)))", SqlTranslate.expression("((\"price\" >= (0)::numeric))", false, true, null));
        assertEquals("(status = 'a' OR status = 'b::text')",
                SqlTranslate.expression("(status = 'a'::character varying OR status = 'b::text')", false, true, null));
        assertEquals("x = ARRAY['a', 'b']", SqlTranslate.expression("x = ARRAY['a'::text, 'b'::text]", false, true, null));
        assertEquals("t > '2024-01-01'",
                SqlTranslate.expression("t > '2024-01-01'::timestamp without time zone", false, true, null));
        assertEquals("n = (1)", SqlTranslate.expression("n = (1)::numeric(10,2)", false, true, null));
    }

    @Test
    void sameEngineMysqlOnlyLosesTheQualifier() {
        assertEquals("select `t`.`a` from `t`", SqlTranslate.expression("select `db`.`t`.`a` from `db`.`t`", true, true,
                "db"));
    }
}
