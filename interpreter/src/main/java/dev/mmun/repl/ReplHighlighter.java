package dev.mmun.repl;

import dev.mmun.lower.Frontend;
import dev.mmun.syntax.Lexeme;
import dev.mmun.syntax.Lexicon;
import java.util.HashSet;
import java.util.Set;
import org.jline.reader.Highlighter;
import org.jline.reader.LineReader;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Colours the input from the language's lexer: keywords, kernel primitives, declared names,
 * numbers, comments, characters the language does not have; a :command line in its own colour.
 */
final class ReplHighlighter implements Highlighter {
    private static final Set<String> PRIMITIVES = new HashSet<>(Frontend.primitiveNames());
    private static final AttributedStyle KEYWORD = AttributedStyle.BOLD.foreground(AttributedStyle.BLUE);
    private static final AttributedStyle PRIMITIVE = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
    private static final AttributedStyle DECLARED = AttributedStyle.DEFAULT.foreground(AttributedStyle.MAGENTA);
    private static final AttributedStyle NUMBER = AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
    private static final AttributedStyle COMMENT = AttributedStyle.DEFAULT.faint();
    private static final AttributedStyle ERROR = AttributedStyle.DEFAULT.foreground(AttributedStyle.RED).underline();
    private static final AttributedStyle COMMAND = AttributedStyle.BOLD.foreground(AttributedStyle.GREEN);

    private final ReplSession session;

    ReplHighlighter(ReplSession session) {
        this.session = session;
    }

    @Override
    public AttributedString highlight(LineReader reader, String buffer) {
        AttributedStringBuilder sb = new AttributedStringBuilder();
        if (buffer.stripLeading().startsWith(":")) {
            int start = buffer.indexOf(':');
            int end = start;
            while (end < buffer.length() && !Character.isWhitespace(buffer.charAt(end))) {
                end++;
            }
            sb.append(buffer.substring(0, start)).styled(COMMAND, buffer.substring(start, end)).append(buffer.substring(end));
            return sb.toAttributedString();
        }
        Set<String> declared = new HashSet<>(Names.declared(session));
        int at = 0;
        for (Lexeme l : Lexicon.lexemes(buffer)) {
            sb.append(buffer.substring(at, l.start()));
            String text = buffer.substring(l.start(), l.end());
            AttributedStyle style = switch (l.kind()) {
                case KEYWORD -> KEYWORD;
                case NUMBER -> NUMBER;
                case COMMENT -> COMMENT;
                case ERROR -> ERROR;
                case NAME -> PRIMITIVES.contains(text) ? PRIMITIVE : declared.contains(text) ? DECLARED : AttributedStyle.DEFAULT;
                case OPERATOR -> AttributedStyle.DEFAULT;
            };
            sb.styled(style, text);
            at = l.end();
        }
        sb.append(buffer.substring(at));
        return sb.toAttributedString();
    }

    @Override
    public void setErrorPattern(java.util.regex.Pattern errorPattern) {
    }

    @Override
    public void setErrorIndex(int errorIndex) {
    }
}
