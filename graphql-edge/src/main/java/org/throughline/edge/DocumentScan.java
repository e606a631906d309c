package org.throughline.edge;

/**
 * One pass over a GraphQL document's characters, before it is parsed: its lexical tokens (punctuators, names,
 * numbers, strings; not what the grammar ignores: white space, commas, comments), and, for a document of one
 * operation, how many fields and root fields it writes out. Each field written is selected at least once by the
 * operation (a fragment that no operation spreads is invalid), so both are lower bounds of what
 * {@link OperationLimits} measures on the parsed document: past a limit here, the document is past it there, and is
 * refused without being parsed. The scan never counts more than the parser does.
 *
 * @param tokens     lexical tokens, counted up to one past the scan's stop
 * @param operations operation definitions (named, or an anonymous selection set at the top)
 * @param fields     fields written in the document's selection sets, aliases and fragments' fields included
 * @param rootFields fields written directly in an operation's own selection set
 */
record DocumentScan(int tokens, int operations, long fields, long rootFields) {

    /** Scans {@code text}, stopping once more than {@code stopAfter} tokens are counted. */
    static DocumentScan of(String text, int stopAfter) {
        return new Scanner(text).scan(stopAfter);
    }

    private static final class Scanner {
        private final String text;
        private int i;
        private int tokens;
        private int operations;
        private long fields;
        private long rootFields;
        /** Braces and parentheses open at the current token. */
        private int braces;
        private int parentheses;
        /** Whether the selection set open at brace depth 1 is an operation's (not a fragment's). */
        private boolean inOperation;
        /** At the top, between definitions: the next name says what the definition is. */
        private boolean atDefinitionStart = true;
        private boolean definingFragment;
        /** A name just read that is a field, unless a ':' follows (then it was an alias). */
        private boolean fieldPending;
        private boolean pendingIsRoot;
        /** The token before: '...', 'on' after '...', '@' or '$' make the next name no field's. */
        private String previous = "";

        Scanner(String text) {
            this.text = text;
        }

        DocumentScan scan(int stopAfter) {
            int length = text.length();
            while (i < length && tokens <= stopAfter) {
                char c = text.charAt(i);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == '\uFEFF') {
                    i++;
                    continue;
                }
                if (c == '#') {
                    while (i < length && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                        i++;
                    }
                    continue;
                }
                tokens++;
                if (c == '"') {
                    settlePending(false);
                    i = afterString(i);
                    previous = "\"";
                } else if (c == '.' && text.startsWith("...", i)) {
                    settlePending(false);
                    i += 3;
                    previous = "...";
                } else if (c == '_' || Character.isLetterOrDigit(c) || c == '-') {
                    int start = i++;
                    // A name, or a number with its sign, fraction and exponent: one token either way.
                    while (i < length && (isNamePart(text.charAt(i)) || ((text.charAt(i) == '+'
                            || text.charAt(i) == '-') && (text.charAt(i - 1) == 'e' || text.charAt(i - 1) == 'E')))) {
                        i++;
                    }
                    name(text.substring(start, i));
                } else {
                    punctuator(c);
                    i++;
                }
            }
            settlePending(false);
            return new DocumentScan(tokens, operations, fields, rootFields);
        }

        private void name(String name) {
            settlePending(false);
            boolean afterSpread = previous.equals("...");
            if (braces == 0 && parentheses == 0 && atDefinitionStart) {
                atDefinitionStart = false;
                definingFragment = name.equals("fragment");
            } else if (braces > 0 && parentheses == 0 && !afterSpread && !previous.equals("on...")
                    && !previous.equals("@") && !previous.equals("$")) {
                fieldPending = true;
                pendingIsRoot = inOperation && braces == 1;
            }
            // 'on' after '...' names a type condition next; any other name after '...' names a fragment.
            previous = afterSpread && name.equals("on") ? "on..." : name;
        }

        private void punctuator(char c) {
            settlePending(c == ':');
            switch (c) {
                case '{' -> {
                    if (braces == 0 && parentheses == 0) {
                        inOperation = !definingFragment;
                        if (inOperation) {
                            operations++;
                        }
                        atDefinitionStart = false;
                    }
                    braces++;
                }
                case '}' -> {
                    braces = Math.max(0, braces - 1);
                    if (braces == 0 && parentheses == 0) {
                        atDefinitionStart = true;
                        definingFragment = false;
                        inOperation = false;
                    }
                }
                case '(' -> parentheses++;
                case ')' -> parentheses = Math.max(0, parentheses - 1);
                default -> {
                }
            }
            previous = String.valueOf(c);
        }

        /** The name read before {@code next} was a field's, unless it was followed by ':' (an alias). */
        private void settlePending(boolean aliasColon) {
            if (fieldPending && !aliasColon) {
                fields++;
                if (pendingIsRoot) {
                    rootFields++;
                }
            }
            fieldPending = false;
        }

        private static boolean isNamePart(char c) {
            return c == '_' || c == '.' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }

        /** Where the string or block string starting at {@code start} ends (past its closing quotes, or the end). */
        private int afterString(int start) {
            if (text.startsWith("\"\"\"", start)) {
                int at = start + 3;
                while (at < text.length()) {
                    if (text.startsWith("\\\"\"\"", at)) {
                        at += 4;
                    } else if (text.startsWith("\"\"\"", at)) {
                        return at + 3;
                    } else {
                        at++;
                    }
                }
                return at;
            }
            int at = start + 1;
            while (at < text.length() && text.charAt(at) != '"' && text.charAt(at) != '\n' && text.charAt(at) != '\r') {
                at += text.charAt(at) == '\\' ? 2 : 1;
            }
            return at + 1;
        }
    }
}
