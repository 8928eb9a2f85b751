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
 * @param generation    for a generated column, its expression in the source's SQL dialect; otherwise null
 * @param typeOverride  the target type the user chose for this column ({@code typeOverrides} in the stream
 *                      config); it comes before every cast rule. Null when none
 */
public record Column(String name, String nativeType, SqlKind kind, long length, int precision, int scale,
                     boolean unsigned, boolean nullable, String defaultValue, boolean autoIncrement,
                     List<String> enumValues, String extra, String generation, String typeOverride) {
    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(nativeType, "nativeType");
        Objects.requireNonNull(kind, "kind");
        enumValues = enumValues == null ? List.of() : List.copyOf(enumValues);
        extra = extra == null ? "" : extra;
        generation = generation == null || generation.isBlank() ? null : generation;
        typeOverride = typeOverride == null || typeOverride.isBlank() ? null : typeOverride.trim();
    }

    /** A plain (not generated) column without a type override. */
    public Column(String name, String nativeType, SqlKind kind, long length, int precision, int scale,
                  boolean unsigned, boolean nullable, String defaultValue, boolean autoIncrement,
                  List<String> enumValues, String extra) {
        this(name, nativeType, kind, length, precision, scale, unsigned, nullable, defaultValue, autoIncrement,
                enumValues, extra, null, null);
    }

    public boolean isGenerated() {
        return generation != null;
    }

    /** True for a generated column whose values are stored (MySQL STORED, PostgreSQL's only kind). */
    public boolean isStoredGeneration() {
        return generation != null && !extra.toLowerCase(java.util.Locale.ROOT).contains("virtual");
    }

    public Column withTypeOverride(String type) {
        return new Column(name, nativeType, kind, length, precision, scale, unsigned, nullable, defaultValue,
                autoIncrement, enumValues, extra, generation, type);
    }
}
