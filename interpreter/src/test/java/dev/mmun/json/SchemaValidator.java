package dev.mmun.json;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validator for the subset of JSON Schema (draft 2020-12) that docs/schema uses: type (a name or
 * a list), required, properties, additionalProperties (false, or a schema for every other field), items,
 * enum, const, oneOf, and $ref to
 * another file of the folder or to its $defs. A keyword outside the subset is an error, so that a
 * schema cannot silently say more than this checks.
 */
public final class SchemaValidator {
    private static final Set<String> KNOWN = Set.of("$schema", "$id", "$defs", "title", "description", "type",
            "required", "properties", "additionalProperties", "items", "enum", "const", "oneOf", "$ref");

    private final Path dir;
    private final Map<String, JsonObject> files = new ConcurrentHashMap<>();

    public SchemaValidator(Path dir) {
        this.dir = dir;
    }

    /** The problems of {@code json} against schema file {@code name}; empty when it is valid. */
    public List<String> validate(String name, String json) {
        List<String> errors = new ArrayList<>();
        JsonElement value = JsonParser.parseString(json);
        check(name, file(name), value, "$", errors);
        return errors;
    }

    private JsonObject file(String name) {
        return files.computeIfAbsent(name, n -> {
            try {
                return JsonParser.parseString(Files.readString(dir.resolve(n))).getAsJsonObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private void check(String file, JsonObject schema, JsonElement v, String at, List<String> errors) {
        for (String k : schema.keySet()) {
            if (!KNOWN.contains(k)) {
                throw new IllegalArgumentException(file + ": keyword " + k + " is outside the subset this validator knows");
            }
        }
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").getAsString();
            int hash = ref.indexOf('#');
            String target = hash < 0 ? ref : ref.substring(0, hash);
            String targetFile = target.isEmpty() ? file : target;
            JsonObject s = file(targetFile);
            if (hash >= 0) {
                String pointer = ref.substring(hash + 1);
                if (!pointer.startsWith("/$defs/")) {
                    throw new IllegalArgumentException(file + ": $ref " + ref + " is not to $defs");
                }
                s = s.getAsJsonObject("$defs").getAsJsonObject(pointer.substring("/$defs/".length()));
                if (s == null) {
                    throw new IllegalArgumentException(file + ": no " + ref);
                }
            }
            check(targetFile, s, v, at, errors);
        }
        if (schema.has("type")) {
            JsonElement t = schema.get("type");
            List<String> types = new ArrayList<>();
            if (t.isJsonArray()) {
                t.getAsJsonArray().forEach(e -> types.add(e.getAsString()));
            } else {
                types.add(t.getAsString());
            }
            if (types.stream().noneMatch(type -> is(type, v))) {
                errors.add(at + ": expected " + String.join(" or ", types) + ", got " + v);
                return;
            }
        }
        if (schema.has("const") && !same(schema.get("const"), v)) {
            errors.add(at + ": expected " + schema.get("const") + ", got " + v);
        }
        if (schema.has("enum")) {
            boolean any = false;
            for (JsonElement e : schema.getAsJsonArray("enum")) {
                any |= same(e, v);
            }
            if (!any) {
                errors.add(at + ": " + v + " is not one of " + schema.get("enum"));
            }
        }
        if (schema.has("oneOf")) {
            int matching = 0;
            List<String> why = new ArrayList<>();
            for (JsonElement s : schema.getAsJsonArray("oneOf")) {
                List<String> sub = new ArrayList<>();
                check(file, s.getAsJsonObject(), v, at, sub);
                matching += sub.isEmpty() ? 1 : 0;
                why.addAll(sub);
            }
            if (matching != 1) {
                errors.add(at + ": matches " + matching + " of oneOf, not exactly one: " + why);
            }
        }
        if (v.isJsonObject()) {
            JsonObject o = v.getAsJsonObject();
            JsonObject props = schema.has("properties") ? schema.getAsJsonObject("properties") : new JsonObject();
            if (schema.has("required")) {
                for (JsonElement r : schema.getAsJsonArray("required")) {
                    if (!o.has(r.getAsString())) {
                        errors.add(at + ": missing field " + r.getAsString());
                    }
                }
            }
            for (String k : o.keySet()) {
                if (props.has(k)) {
                    check(file, props.getAsJsonObject(k), o.get(k), at + "." + k, errors);
                } else if (schema.has("additionalProperties") && schema.get("additionalProperties").isJsonObject()) {
                    check(file, schema.getAsJsonObject("additionalProperties"), o.get(k), at + "." + k, errors);
                } else if (schema.has("additionalProperties") && !schema.get("additionalProperties").getAsBoolean()) {
                    errors.add(at + ": field " + k + " is not in the schema");
                }
            }
        }
        if (v.isJsonArray() && schema.has("items")) {
            JsonArray a = v.getAsJsonArray();
            for (int i = 0; i < a.size(); i++) {
                check(file, schema.getAsJsonObject("items"), a.get(i), at + "[" + i + "]", errors);
            }
        }
    }

    private static boolean is(String type, JsonElement v) {
        return switch (type) {
            case "null" -> v.isJsonNull();
            case "object" -> v.isJsonObject();
            case "array" -> v.isJsonArray();
            case "string" -> v.isJsonPrimitive() && v.getAsJsonPrimitive().isString();
            case "boolean" -> v.isJsonPrimitive() && v.getAsJsonPrimitive().isBoolean();
            case "number" -> v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber();
            case "integer" -> v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber() && integral(v.getAsJsonPrimitive());
            default -> throw new IllegalArgumentException("unknown type " + type);
        };
    }

    private static boolean integral(JsonPrimitive p) {
        BigDecimal d = p.getAsBigDecimal();
        return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
    }

    /** JSON equality, with numbers compared by value. */
    private static boolean same(JsonElement a, JsonElement b) {
        if (a.isJsonPrimitive() && b.isJsonPrimitive() && a.getAsJsonPrimitive().isNumber() && b.getAsJsonPrimitive().isNumber()) {
            return a.getAsBigDecimal().compareTo(b.getAsBigDecimal()) == 0;
        }
        return a.equals(b);
    }
}
