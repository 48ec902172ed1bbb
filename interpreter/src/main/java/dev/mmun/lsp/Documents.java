package dev.mmun.lsp;

import dev.mmun.ast.Item;
import dev.mmun.ast.Script;
import dev.mmun.diag.Span;
import dev.mmun.lower.Frontend;
import dev.mmun.repl.Completions;
import dev.mmun.stdlib.Stdlib;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionItemKind;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.LocationLink;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.TextDocumentService;

/** The open documents: each change is compiled and its diagnostics published; completion, hover, definition. */
final class Documents implements TextDocumentService {
    private static final Set<String> PRIMITIVES = Set.copyOf(Frontend.primitiveNames());
    private static final List<String> STDLIB = stdlibNames();

    private final Map<String, String> texts = new ConcurrentHashMap<>();
    private volatile LanguageClient client;

    void connect(LanguageClient client) {
        this.client = client;
    }

    @Override
    public void didOpen(DidOpenTextDocumentParams params) {
        changed(params.getTextDocument().getUri(), params.getTextDocument().getText());
    }

    @Override
    public void didChange(DidChangeTextDocumentParams params) {
        var changes = params.getContentChanges();
        if (!changes.isEmpty()) {
            // full synchronisation (see the capabilities): the last change is the whole text
            changed(params.getTextDocument().getUri(), changes.get(changes.size() - 1).getText());
        }
    }

    @Override
    public void didClose(DidCloseTextDocumentParams params) {
        String uri = params.getTextDocument().getUri();
        texts.remove(uri);
        if (client != null) {
            client.publishDiagnostics(new PublishDiagnosticsParams(uri, List.of()));
        }
    }

    @Override
    public void didSave(DidSaveTextDocumentParams params) {
        // analysed on every change already
    }

    private void changed(String uri, String text) {
        texts.put(uri, text);
        if (client != null) {
            client.publishDiagnostics(new PublishDiagnosticsParams(uri, Analysis.diagnostics(fileName(uri), text)));
        }
    }

    /** The name diagnostics use for the document: its path, as the CLI would be given it. */
    static String fileName(String uri) {
        try {
            URI u = URI.create(uri);
            return "file".equals(u.getScheme()) ? Path.of(u).toString() : uri;
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return uri;
        }
    }

    @Override
    public CompletableFuture<Either<List<CompletionItem>, CompletionList>> completion(CompletionParams params) {
        String text = texts.getOrDefault(params.getTextDocument().getUri(), "");
        String before = text.substring(0, offset(text, params.getPosition()));
        List<CompletionItem> items = new ArrayList<>();
        for (Completions.Offer o : Completions.at(before, Analysis.known(text, STDLIB), false)) {
            CompletionItem item = new CompletionItem(o.value());
            item.setKind(kind(o.group()));
            item.setDetail(o.group());
            items.add(item);
        }
        return CompletableFuture.completedFuture(Either.forLeft(items));
    }

    private static CompletionItemKind kind(String group) {
        return switch (group) {
            case "keywords" -> CompletionItemKind.Keyword;
            case "kernel primitives", "standard library", "procedures" -> CompletionItemKind.Function;
            case "locals" -> CompletionItemKind.Variable;
            case "threads", "devices", "declared" -> CompletionItemKind.Reference;
            default -> CompletionItemKind.EnumMember;
        };
    }

    @Override
    public CompletableFuture<Hover> hover(HoverParams params) {
        String text = texts.getOrDefault(params.getTextDocument().getUri(), "");
        String word = wordAt(text, offset(text, params.getPosition()));
        String md = word.isEmpty() ? null : hoverText(word, text);
        return CompletableFuture.completedFuture(md == null ? null : new Hover(new MarkupContent(MarkupKind.MARKDOWN, md)));
    }

    /** The hover for a word: the script's own procedure, a library procedure, or a primitive. */
    static String hoverText(String word, String text) {
        Analysis.Declared d = Analysis.declared(text).get(word);
        if (d != null && d.keyword().equals("proc")) {
            String line = text.split("\n", -1)[d.line()].strip().replaceAll("\\s*\\{.*$", "");
            return "```mmun\n" + line + "\n```\n" + (STDLIB.contains(word) ? "replaces the standard library's " + word : "");
        }
        if (STDLIB.contains(word)) {
            return Hovers.stdlib(word);
        }
        return PRIMITIVES.contains(word) ? Hovers.primitive(word) : null;
    }

    @Override
    public CompletableFuture<Either<List<? extends Location>, List<? extends LocationLink>>> definition(DefinitionParams params) {
        String uri = params.getTextDocument().getUri();
        String text = texts.getOrDefault(uri, "");
        String word = wordAt(text, offset(text, params.getPosition()));
        List<Location> out = new ArrayList<>();
        Analysis.Declared d = Analysis.declared(text).get(word);
        if (d != null) {
            Position p = new Position(d.line(), d.column());
            out.add(new Location(uri, new Range(p, new Position(d.line(), d.column() + word.length()))));
        } else {
            for (Script s : Stdlib.scripts()) {
                for (Item.Proc proc : s.all(Item.Proc.class)) {
                    if (proc.name().text().equals(word)) {
                        Span n = proc.name().span();
                        out.add(new Location(StdlibFiles.uri(n.file()), Analysis.range(n)));
                    }
                }
            }
        }
        return CompletableFuture.completedFuture(Either.forLeft(out));
    }

    /** The character offset of an LSP position (UTF-16 units, which Java strings count too). */
    static int offset(String text, Position p) {
        int line = 0;
        int i = 0;
        while (line < p.getLine() && i < text.length()) {
            if (text.charAt(i++) == '\n') {
                line++;
            }
        }
        return Math.min(text.length(), i + p.getCharacter());
    }

    static String wordAt(String text, int offset) {
        int a = offset;
        while (a > 0 && isNameChar(text.charAt(a - 1))) {
            a--;
        }
        int b = offset;
        while (b < text.length() && isNameChar(text.charAt(b))) {
            b++;
        }
        return text.substring(a, b);
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-';
    }

    private static List<String> stdlibNames() {
        List<String> out = new ArrayList<>();
        for (Script s : Stdlib.scripts()) {
            s.all(Item.Proc.class).forEach(p -> {
                if (!out.contains(p.name().text())) {
                    out.add(p.name().text());
                }
            });
        }
        return List.copyOf(out);
    }
}
