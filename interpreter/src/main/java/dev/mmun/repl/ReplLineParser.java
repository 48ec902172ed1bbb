package dev.mmun.repl;

import java.util.ArrayList;
import java.util.List;
import org.jline.reader.EOFError;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;

/**
 * The line editor's parser. On Enter the language's own parser decides whether the input is
 * complete (an open block or parenthesis, or a timeline still taking rows, asks for another
 * line); for completion it finds the word under the cursor: names may carry hyphens, and a
 * command line splits on blanks only, so that file names stay whole.
 */
final class ReplLineParser implements Parser {

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) throws EOFError {
        if (context == ParseContext.ACCEPT_LINE && ReplSession.incomplete(line)) {
            throw new EOFError(-1, -1, "the input goes on", "");
        }
        return words(line, cursor);
    }

    static Words words(String line, int cursor) {
        boolean command = line.stripLeading().startsWith(":");
        List<String> words = new ArrayList<>();
        int wordIndex = -1;
        int wordCursor = 0;
        int i = 0;
        while (i <= line.length()) {
            int start = i;
            while (i < line.length() && wordChar(line.charAt(i), command)) {
                i++;
            }
            if (wordIndex < 0 && start <= cursor && cursor <= i) {
                wordIndex = words.size();
                wordCursor = cursor - start;
                words.add(line.substring(start, i));
            } else if (i > start) {
                words.add(line.substring(start, i));
            }
            i++;
        }
        if (wordIndex < 0) {
            wordIndex = words.size();
            words.add("");
        }
        return new Words(words, wordIndex, wordCursor, line, cursor);
    }

    private static boolean wordChar(char c, boolean command) {
        return command ? !Character.isWhitespace(c) : Character.isLetterOrDigit(c) || c == '_' || c == '-';
    }

    @Override
    public boolean isEscapeChar(char ch) {
        return false;
    }

    /** The words of a line and where the cursor is among them. */
    record Words(List<String> words, int wordIndex, int wordCursor, String line, int cursor) implements CompletingParsedLine {
        @Override
        public String word() {
            return words.get(wordIndex);
        }

        /** Nothing is quoted or escaped in the language. */
        @Override
        public CharSequence escape(CharSequence candidate, boolean complete) {
            return candidate;
        }

        @Override
        public int rawWordCursor() {
            return wordCursor;
        }

        @Override
        public int rawWordLength() {
            return word().length();
        }
    }
}
