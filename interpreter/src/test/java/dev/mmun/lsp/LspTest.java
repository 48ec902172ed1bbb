package dev.mmun.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmun.ast.Item;
import dev.mmun.ast.Script;
import dev.mmun.cli.MmunCommand;
import dev.mmun.lower.Frontend;
import dev.mmun.stdlib.Stdlib;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `mmun lsp` driven by LSP4J's own client over piped streams, as an editor would. */
class LspTest {
    private final BlockingQueue<PublishDiagnosticsParams> published = new LinkedBlockingQueue<>();
    private LanguageServer server;
    private CompletableFuture<Integer> served;
    private PipedOutputStream toServer;

    /** Collects what the server publishes. */
    private final class Client implements LanguageClient {
        @Override
        public void telemetryEvent(Object object) {
        }

        @Override
        public void publishDiagnostics(PublishDiagnosticsParams diagnostics) {
            published.add(diagnostics);
        }

        @Override
        public void showMessage(MessageParams messageParams) {
        }

        @Override
        public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams requestParams) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void logMessage(MessageParams message) {
        }
    }

    @BeforeEach
    void start() throws IOException {
        PipedInputStream serverIn = new PipedInputStream(1 << 16);
        toServer = new PipedOutputStream(serverIn);
        PipedInputStream clientIn = new PipedInputStream(1 << 16);
        PipedOutputStream fromServer = new PipedOutputStream(clientIn);
        served = CompletableFuture.supplyAsync(() -> LspMain.serve(serverIn, fromServer, "9.9-test"));
        Launcher<LanguageServer> launcher = LSPLauncher.createClientLauncher(new Client(), clientIn, toServer);
        launcher.startListening();
        server = launcher.getRemoteProxy();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown().get(10, TimeUnit.SECONDS);
        server.exit();
        assertEquals(0, served.get(10, TimeUnit.SECONDS), "exit code after shutdown and exit");
    }

    private InitializeResult initialize() throws Exception {
        return server.initialize(new InitializeParams()).get(10, TimeUnit.SECONDS);
    }

    private PublishDiagnosticsParams open(String uri, String text) throws InterruptedException {
        server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "mmun", 1, text)));
        PublishDiagnosticsParams p = published.poll(10, TimeUnit.SECONDS);
        assertNotNull(p, "no diagnostics published");
        return p;
    }

    private List<String> complete(String uri, int line, int character) throws Exception {
        var r = server.getTextDocumentService().completion(new CompletionParams(new TextDocumentIdentifier(uri),
                new Position(line, character))).get(10, TimeUnit.SECONDS);
        return r.getLeft().stream().map(CompletionItem::getLabel).toList();
    }

    private String hover(String uri, int line, int character) throws Exception {
        Hover h = server.getTextDocumentService().hover(new HoverParams(new TextDocumentIdentifier(uri),
                new Position(line, character))).get(10, TimeUnit.SECONDS);
        return h == null ? null : h.getContents().getRight().getValue();
    }

    private List<? extends Location> definition(String uri, int line, int character) throws Exception {
        return server.getTextDocumentService().definition(new DefinitionParams(new TextDocumentIdentifier(uri),
                new Position(line, character))).get(10, TimeUnit.SECONDS).getLeft();
    }

    @Test
    void initializeSaysWhatTheServerDoes() throws Exception {
        InitializeResult init = initialize();
        assertEquals("mmun", init.getServerInfo().getName());
        assertEquals("9.9-test", init.getServerInfo().getVersion());
        var caps = init.getCapabilities();
        assertTrue(caps.getHoverProvider().getLeft());
        assertTrue(caps.getDefinitionProvider().getLeft());
        assertNotNull(caps.getCompletionProvider());
    }

    @Test
    void anErrorIsPublishedWithTheCliMessageAndPlace_andGoesWhenFixed(@TempDir Path dir) throws Exception {
        initialize();
        String bad = "page A at 0x1000 = 0\ncpu T { write(A, 1); ptep_clear_flush(B) }\n";
        Path file = dir.resolve("bad.mmun");
        Files.writeString(file, bad);
        String uri = file.toUri().toString();
        PublishDiagnosticsParams p = open(uri, bad);
        assertEquals(uri, p.getUri());
        assertEquals(1, p.getDiagnostics().size(), p.toString());
        Diagnostic d = p.getDiagnostics().get(0);

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = MmunCommand.execute(new String[] {"run", file.toString()}, new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(65, exit);
        String cli = err.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(": error: ")).findFirst().orElseThrow();
        int line = d.getRange().getStart().getLine() + 1;
        int col = d.getRange().getStart().getCharacter() + 1;
        assertEquals(cli, file + ":" + line + ":" + col + ": error: " + d.getMessage());
        assertEquals(1, d.getRange().getStart().getLine());
        assertEquals(bad.split("\n")[1].indexOf("B)"), d.getRange().getStart().getCharacter());

        server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(uri, 2),
                List.of(new TextDocumentContentChangeEvent(bad.replace("(B)", "(A)")))));
        PublishDiagnosticsParams fixed = published.poll(10, TimeUnit.SECONDS);
        assertNotNull(fixed);
        assertEquals(List.of(), fixed.getDiagnostics());
    }

    @Test
    void completionHoverAndDefinition() throws Exception {
        initialize();
        String text = """
                page A at 0x1000 = 0 cow
                device iommu ats
                proc mine(P) { write(P, 1) }
                cpu T {
                    mine(A)
                    wp_page_copy(A, 0, 0)
                    ptep_clear_flush_notify(A)
                }
                device gpu\s
                """;
        String uri = "file:///tmp/lsp-test.mmun";
        open(uri, text);
        List<String> afterDevice = complete(uri, 8, "device gpu ".length());
        assertTrue(afterDevice.containsAll(List.of("ats", "kvm", "mirror")), afterDevice.toString());
        assertTrue(!afterDevice.contains("page"), afterDevice.toString());
        List<String> inBody = complete(uri, 4, 4);
        assertTrue(inBody.containsAll(List.of("mine", "wp_page_copy", "ptep_clear_flush_notify", "atomic")), inBody.toString());
        assertTrue(!inBody.contains("page"), "no declarations inside a body");
        List<String> option = complete(uri, 0, text.indexOf(" cow") + 1);
        assertTrue(option.contains("cow"), option.toString());

        String prim = hover(uri, 6, 8);
        assertTrue(prim.contains("ptep_clear_flush_notify") && prim.contains("docs/language.md"), prim);
        assertTrue(prim.contains("notifies the secondary TLBs (not in era 6.6)"), prim);
        String lib = hover(uri, 5, 6);
        assertTrue(lib.contains("mm/memory.c") && lib.contains("proc wp_page_copy(P, old, orig) era 4.15"), lib);
        assertTrue(hover(uri, 4, 6).contains("proc mine(P)"));

        List<? extends Location> mine = definition(uri, 4, 6);
        assertEquals(1, mine.size());
        assertEquals(uri, mine.get(0).getUri());
        assertEquals(new Position(2, 5), mine.get(0).getRange().getStart());
        List<? extends Location> wp = definition(uri, 5, 6);
        assertEquals(2, wp.size(), "one body per era");
        assertTrue(wp.get(0).getUri().endsWith("memory.mmun"), wp.get(0).getUri());
        List<String> lines = Files.readAllLines(Path.of(java.net.URI.create(wp.get(0).getUri())));
        int l = wp.get(0).getRange().getStart().getLine();
        assertTrue(lines.get(l).startsWith("proc wp_page_copy("), lines.get(l));
    }

    @Test
    void everyPrimitiveAndLibraryProcedureHasHoverText() {
        List<String> missing = new ArrayList<>();
        for (String p : Frontend.primitiveNames()) {
            String h = Documents.hoverText(p, "");
            if (h == null || h.isBlank()) {
                missing.add(p);
            }
        }
        for (Script s : Stdlib.scripts()) {
            for (Item.Proc proc : s.all(Item.Proc.class)) {
                String h = Documents.hoverText(proc.name().text(), "");
                if (h == null || !h.contains("stdlib/")) {
                    missing.add(proc.name().text());
                }
            }
        }
        assertEquals(List.of(), missing, "no hover text (document them in docs/language.md or above the proc)");
    }
}
