package dev.sluice.core.model;

import java.util.List;
import java.util.Objects;

/**
 * A source column as read from the catalog.
 *
 * @param name          exact column name, case kept
 * @param nativeType    the source's own type text ({@code int(10) unsigned}, {@code character varying(50)},
 *                      {@code mpaa_rating}); used verbatim for same-engine copies
 * @param kind          engine-neutral kind
 * @param length        character or byte length, or 0 when not applicable / unbounded
 * @param precision     numeric precision or fractional-second precision, -1 when unspecified
 * @param scale         numeric scale, -1 when unspecified
 * @param unsigned      MySQL UNSIGNED
 * @param nullable      NULL allowed
 * @param defaultValue  the source's default expression as the catalog shows it, or null
 * @param autoIncrement AUTO_INCREMENT, serial or identity
 * @param enumValues    labels of ENUM/SET or PostgreSQL enum types, otherwise empty
 * @param extra         engine-specific extras the same-engine path keeps (e.g. MySQL
 *                      {@code on update current_timestamp()}, charset/collation), or empty
 */
public record Column(String name, String nativeType, SqlKind kind, long length, int precision, int scale,
                     boolean unsigned, boolean nullable, String defaultValue, boolean autoIncrement,
                     List<String> enumValues, String extra) {
    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(nativeType, "nativeType");
        Objects.requireNonNull(kind, "kind");
        enumValues = enumValues == null ? List.of() : List.copyOf(enumValues);
        extra = extra == null ? "" : extra;
    }
}
