package dev.mmun.cli;

import static dev.mmun.cli.CliTest.mmun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.mmun.json.JsonContract;
import dev.mmun.json.SchemaValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON contract (docs/json.md) as the command line prints it: every line of run, check
 * (exhaustive and random) and test on the document's samples validates against docs/schema, and the
 * validator itself fails on a wrong type, a missing field or one the schema does not name. Every
 * sample of samples/ in both modes is validated in-process by SamplesInBothModesTest.
 */
class JsonContractTest {
    private static final Path DOC = Path.of(System.getProperty("mmun.root", "..")).resolve("samples/doc");

    private static String[] docSamples(String... before) throws IOException {
        try (Stream<Path> s = Files.list(DOC)) {
            return Stream.concat(Stream.of(before), s.map(Path::toString).filter(p -> p.endsWith(".mmun")).sorted())
                    .toArray(String[]::new);
        }
    }

    @Test
    void runAndCheckOnEveryDocumentSample() throws IOException {
        CliTest.Result run = mmun("", docSamples("run", "--format", "json"));
        JsonContract.assertOutcomeLines(run.out());
        assertEquals(9, run.out().lines().count(), run.out());
        CliTest.Result check = mmun("", docSamples("check", "--format", "json"));
        JsonContract.assertOutcomeLines(check.out());
        for (String l : check.out().lines().toList()) {
            JsonObject o = JsonParser.parseString(l).getAsJsonObject();
            assertEquals("check", o.get("mode").getAsString());
            assertEquals("exhaustive", o.get("search").getAsString());
            assertTrue(o.getAsJsonObject("stats").get("hash_collision_p").getAsJsonPrimitive().isNumber(), l);
        }
        CliTest.Result random = mmun("", "check", "--random", "40", "--seed", "3", "--format", "json",
                DOC.resolve("case-b-threads.mmun").toString());
        JsonContract.assertOutcomeLines(random.out());
        assertTrue(random.out().contains("\"mode\":\"check\",\"search\":\"random\""), random.out());
    }

    @Test
    void aFileThatDoesNotCompileStillFollowsTheContract() {
        CliTest.Result r = mmun("page A at 0x1000 = 0\ncpu T { write(A, 1) @ }\n", "check", "--format", "json", "-");
        assertEquals(65, r.code());
        JsonContract.assertOutcomeLines(r.out());
        assertTrue(r.out().contains("\"mode\":\"check\",\"search\":null"), r.out());
        assertTrue(r.out().contains("\"violations\":[],\"expected\":[],\"expected_stated\":false"), r.out());
        assertTrue(r.out().contains("\"diagnostics\":[{\"severity\":\"error\""), r.out());
    }

    @Test
    void testRecordsAndSummary(@TempDir Path dir) throws IOException {
        TestCommandTest.suite(dir);
        for (Path suite : List.of(dir, DOC)) {
            CliTest.Result r = mmun("", "test", "--format", "json", suite.toString());
            List<String> lines = r.out().lines().toList();
            assertTrue(lines.size() > 1, r.out());
            lines.subList(0, lines.size() - 1).forEach(l -> JsonContract.assertValid("test-file.schema.json", l));
            JsonContract.assertValid("test-summary.schema.json", lines.get(lines.size() - 1));
        }
    }

    @Test
    void partFilesOfEveryDocumentSample(@TempDir Path dir) throws IOException {
        // a fixed split level gives a "split" object; the default finds no level wide enough in these samples: null
        int split = 0;
        for (String sample : docSamples()) {
            for (String depth : List.of("0", "3")) {
                Path f = dir.resolve(Path.of(sample).getFileName() + "-" + depth + ".json");
                CliTest.Result r = mmun("", "check", "--part", "2/2", "--split-depth", depth, "--format", "json", "-o", f.toString(), sample);
                assertEquals(0, r.code(), r.out() + r.err());
                String written = Files.readString(f);
                JsonContract.assertValid("check-part.schema.json", written);
                assertEquals(written.strip(), r.out().strip(), "--format json prints the file's object");
                split += JsonParser.parseString(written).getAsJsonObject().get("split").isJsonNull() ? 0 : 1;
            }
        }
        assertTrue(split > 0, "no part split: the schema's split object was never tried");
        // the whole search as one part: it has CASE_B's trace and a witness
        String part = mmun("", "check", "--part", "1/1", "--format", "json", "-o", dir.resolve("whole.json").toString(),
                DOC.resolve("case-b-threads.mmun").toString()).out();
        JsonContract.assertValid("check-part.schema.json", part);
        SchemaValidator v = JsonContract.SCHEMAS;
        String badTrace = part.replaceFirst("\"CASE_B\":\\[", "\"CASE_B\":[\"x\",");
        assertFalse(badTrace.equals(part), part);
        assertFalse(v.validate("check-part.schema.json", badTrace).isEmpty());
        assertFalse(v.validate("check-part.schema.json", part.replace("\"format\":\"mmun-check-part/1\"", "\"format\":\"mmun/1\"")).isEmpty());
        assertFalse(v.validate("check-part.schema.json", part.replace("\"unlisted\":", "\"unlisted_states\":")).isEmpty());
    }

    private static final String GOOD = JsonParser.parseString(
            mmun("page A at 0x1000 = 1\ncpu T { r = read(A) }\nforall (T:r == 1)\n", "run", "--format", "json", "-").out())
            .toString();

    @Test
    void theValidatorFailsOnAWrongTypeAMissingFieldOrAnExtraOne() {
        SchemaValidator v = JsonContract.SCHEMAS;
        assertEquals(List.of(), v.validate("outcome.schema.json", GOOD));
        assertBad(v, GOOD.replace("\"exit_code\":0", "\"exit_code\":\"0\""), "exit_code: expected integer");
        assertBad(v, GOOD.replace("\"exit_code\":0", "\"exit_code\":0.5"), "exit_code: expected integer");
        assertBad(v, GOOD.replaceAll(",\"notes\":\\[[^\\]]*\\]", ""), "missing field notes");
        assertBad(v, GOOD.replace("\"exit_code\":0", "\"exit_code\":0,\"exitCode\":0"), "field exitCode is not in the schema");
        assertBad(v, GOOD.replace("\"schema\":\"mmun/1\"", "\"schema\":\"mmun/2\""), "$.schema: expected \"mmun/1\"");
        assertBad(v, GOOD.replace("\"mode\":\"run\"", "\"mode\":\"check --random\""), "is not one of");
        assertBad(v, GOOD.replace("\"vars\":[\"T:r\"]", "\"vars\":[1]"), "$.states.vars[0]: expected string");
        assertBad(v, GOOD.replace("\"values\":[1]", "\"values\":[1],\"extra\":true"), "field extra is not in the schema");
        assertBad(v, GOOD.replace("\"witness\":null", "\"witness\":{\"steps\":1}"), "matches 0 of oneOf");
    }

    private static void assertBad(SchemaValidator v, String json, String why) {
        List<String> errors = v.validate("outcome.schema.json", json);
        assertFalse(errors.isEmpty(), "accepted: " + json);
        assertTrue(errors.stream().anyMatch(e -> e.contains(why)), () -> errors + " has no " + why);
    }
}
