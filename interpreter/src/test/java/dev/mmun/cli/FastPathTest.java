package dev.mmun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Building only the named subcommand (start-up time) must not change what any command line does. */
class FastPathTest {
    record Out(int code, String out, String err) {}

    static Out execute(boolean fast, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Io io = new Io(new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true), new PrintWriter(err, true));
        int code = (fast ? MmunCommand.commandLine(io, args) : MmunCommand.commandLine(io)).execute(args);
        return new Out(code, out.toString(), err.toString());
    }

    @Test
    void sameOutputAndExitCodeWithTheWholeTreeAndWithOneSubcommand() {
        List<String[]> lines = List.of(
                new String[] {"run", "--help"}, new String[] {"test", "--help"}, new String[] {"run"},
                new String[] {"run", "--format", "yaml", "x.mmun"}, new String[] {"test", "--jobs", "x", "samples"},
                new String[] {"run", "no/such.mmun"}, new String[] {"run", "--version"},
                new String[] {"--help"}, new String[] {"--version"}, new String[] {}, new String[] {"frob"});
        for (String[] args : lines) {
            assertEquals(execute(false, args), execute(true, args), String.join(" ", args));
        }
    }

    @Test
    void theTrainingRunOfTheLaunchersArchiveGoesThrough() throws Exception {
        List<Train.Ran> ran = Train.train(TestCommandTest.root().resolve("samples/doc"));
        // --help, --version, two samples run twice and checked twice each, test in two formats
        assertEquals(12, ran.size(), ran.toString());
        for (Train.Ran r : ran) {
            assertNull(r.thrown(), r.args() + " threw");
            boolean verdict = r.args().get(0).equals("run");
            // a run may find what its sample expects only under check; a check and a test of the samples pass
            assertTrue(verdict ? List.of(0, 1, 3).contains(r.exit()) : r.exit() == 0, r.args() + " exited " + r.exit());
        }
        // no samples: the run commands are left out and the test commands say they cannot read the folder
        List<Train.Ran> none = Train.train(Path.of("no/such/folder"));
        assertEquals(List.of(0, 0, 66, 66), none.stream().map(Train.Ran::exit).toList(), none.toString());
        assertTrue(none.stream().allMatch(r -> r.thrown() == null), none.toString());
    }
}
