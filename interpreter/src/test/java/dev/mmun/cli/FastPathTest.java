package dev.mmun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
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
        Train.main(new String[] {TestCommandTest.root().resolve("samples/doc").toString()});
        Train.main(new String[] {"no/such/folder"});
    }
}
