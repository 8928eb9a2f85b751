package dev.sluice.core.model;

import dev.sluice.core.types.ValuePolicies;
import dev.sluice.core.util.Json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON form of {@link Structure} and {@link Table}, for the control subject and writer requests. */
public final class StructureJson {
    private StructureJson() {
    }

    public static String write(Structure s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sourceEngine", s.sourceEngine().name());
        if (s.targetPostgis()) {
            m.put("targetPostgis", true);
        }
        List<Object> tables = new ArrayList<>();
        for (Table t : s.tables()) {
            tables.add(tableMap(t));
        }
        m.put("tables", tables);
        List<Object> types = new ArrayList<>();
        for (UserType u : s.userTypes()) {
            Map<String, Object> um = new LinkedHashMap<>();
            um.put("schema", u.schema());
            um.put("name", u.name());
            um.put("kind", u.kind().name());
            um.put("labels", u.labels());
            um.put("baseType", u.baseType());
            um.put("checks", u.checks());
            types.add(um);
        }
        m.put("userTypes", types);
        if (!s.views().isEmpty()) {
            List<Object> views = new ArrayList<>();
            for (View v : s.views()) {
                Map<String, Object> vm = new LinkedHashMap<>();
                vm.put("name", v.name());
                vm.put("definition", v.definition());
                views.add(vm);
            }
            m.put("views", views);
        }
        return Json.write(m);
    }

    @SuppressWarnings("unchecked")
    public static Structure read(String json) {
        Map<String, Object> m = Json.parseObject(json);
        List<Table> tables = new ArrayList<>();
        for (Object o : (List<Object>) m.get("tables")) {
            tables.add(table((Map<String, Object>) o));
        }
        List<UserType> types = new ArrayList<>();
        for (Object o : (List<Object>) m.getOrDefault("userTypes", List.of())) {
            Map<String, Object> um = (Map<String, Object>) o;
            types.add(new UserType((String) um.get("schema"), (String) um.get("name"),
                    UserType.Kind.valueOf((String) um.get("kind")), strings(um.get("labels")),
                    (String) um.get("baseType"), strings(um.get("checks"))));
        }
        List<View> views = new ArrayList<>();
        for (Object o : (List<Object>) m.getOrDefault("views", List.of())) {
            Map<String, Object> vm = (Map<String, Object>) o;
            views.add(new View((String) vm.get("name"), (String) vm.get("definition")));
        }
        return new Structure(Engine.valueOf((String) m.get("sourceEngine")), tables, types, views,
                Boolean.TRUE.equals(m.get("targetPostgis")));
    }

    public static String writeTable(Table t) {
        return Json.write(tableMap(t));
    }

    public static Table readTable(String json) {
        return table(Json.parseObject(json));
    }

    private static Map<String, Object> tableMap(Table t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", t.schema());
        m.put("name", t.name());
        List<Object> cols = new ArrayList<>();
        for (Column c : t.columns()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("name", c.name());
            cm.put("nativeType", c.nativeType());
            cm.put("kind", c.kind().name());
            cm.put("length", c.length());
            cm.put("precision", c.precision());
            cm.put("scale", c.scale());
            cm.put("unsigned", c.unsigned());
            cm.put("nullable", c.nullable());
            cm.put("default", c.defaultValue());
            cm.put("autoIncrement", c.autoIncrement());
            cm.put("enumValues", c.enumValues());
            cm.put("extra", c.extra());
            if (c.generation() != null) {
                cm.put("generation", c.generation());
            }
            if (c.typeOverride() != null) {
                cm.put("typeOverride", c.typeOverride());
            }
            cols.add(cm);
        }
        m.put("columns", cols);
        m.put("primaryKey", t.primaryKey());
        List<Object> idx = new ArrayList<>();
        for (Index i : t.indexes()) {
            Map<String, Object> im = new LinkedHashMap<>();
            im.put("name", i.name());
            im.put("columns", i.columns());
            im.put("unique", i.unique());
            im.put("method", i.method());
            im.put("definition", i.definition());
            im.put("expression", i.expression());
            idx.add(im);
        }
        m.put("indexes", idx);
        List<Object> fks = new ArrayList<>();
        for (ForeignKey f : t.foreignKeys()) {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("name", f.name());
            fm.put("columns", f.columns());
            fm.put("refSchema", f.refSchema());
            fm.put("refTable", f.refTable());
            fm.put("refColumns", f.refColumns());
            fm.put("onDelete", f.onDelete());
            fm.put("onUpdate", f.onUpdate());
            fks.add(fm);
        }
        m.put("foreignKeys", fks);
        m.put("estimatedRows", t.estimatedRows());
        m.put("customQuery", t.customQuery());
        if (!t.checks().isEmpty()) {
            List<Object> checks = new ArrayList<>();
            for (Check c : t.checks()) {
                Map<String, Object> cm = new LinkedHashMap<>();
                cm.put("name", c.name());
                cm.put("clause", c.clause());
                checks.add(cm);
            }
            m.put("checks", checks);
        }
        if (t.partitioning() != null) {
            m.put("partitioning", t.partitioning());
        }
        if (!t.policies().isDefault()) {
            m.put("valuePolicies", t.policies().toJson());
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Table table(Map<String, Object> m) {
        List<Column> cols = new ArrayList<>();
        for (Object o : (List<Object>) m.get("columns")) {
            Map<String, Object> c = (Map<String, Object>) o;
            cols.add(new Column((String) c.get("name"), (String) c.get("nativeType"),
                    SqlKind.valueOf((String) c.get("kind")), num(c.get("length")).longValue(),
                    num(c.get("precision")).intValue(), num(c.get("scale")).intValue(),
                    (Boolean) c.get("unsigned"), (Boolean) c.get("nullable"), (String) c.get("default"),
                    (Boolean) c.get("autoIncrement"), strings(c.get("enumValues")), (String) c.get("extra"),
                    (String) c.get("generation"), (String) c.get("typeOverride")));
        }
        List<Index> idx = new ArrayList<>();
        for (Object o : (List<Object>) m.get("indexes")) {
            Map<String, Object> i = (Map<String, Object>) o;
            idx.add(new Index((String) i.get("name"), strings(i.get("columns")), (Boolean) i.get("unique"),
                    (String) i.get("method"), (String) i.get("definition"), (Boolean) i.get("expression")));
        }
        List<ForeignKey> fks = new ArrayList<>();
        for (Object o : (List<Object>) m.get("foreignKeys")) {
            Map<String, Object> f = (Map<String, Object>) o;
            fks.add(new ForeignKey((String) f.get("name"), strings(f.get("columns")), (String) f.get("refSchema"),
                    (String) f.get("refTable"), strings(f.get("refColumns")), (String) f.get("onDelete"),
                    (String) f.get("onUpdate")));
        }
        List<Check> checks = new ArrayList<>();
        for (Object o : (List<Object>) m.getOrDefault("checks", List.of())) {
            Map<String, Object> c = (Map<String, Object>) o;
            checks.add(new Check((String) c.get("name"), (String) c.get("clause")));
        }
        return new Table((String) m.get("schema"), (String) m.get("name"), cols, strings(m.get("primaryKey")),
                idx, fks, num(m.get("estimatedRows")).longValue(), (String) m.get("customQuery"), checks,
                (String) m.get("partitioning"), ValuePolicies.fromJson(m.get("valuePolicies")));
    }

    private static BigDecimal num(Object o) {
        return o == null ? BigDecimal.ZERO : (BigDecimal) o;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object o) {
        return o == null ? List.of() : (List<String>) (List<?>) o;
    }
}
