package dev.failover4j.agent.conf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads a keepalived.conf into statements ({@link Node}), the way keepalived's own reader does:
 * <ul>
 *   <li>{@code !} and {@code #} start a comment that runs to the end of the line, outside quotes;</li>
 *   <li>words are split on white space; a double-quoted string is one word, verbatim (quotes removed);
 *       {@code \#} and {@code \!} outside quotes are those characters;</li>
 *   <li>{@code {} and {@code }} are words of their own even when written against another word;</li>
 *   <li>a statement is one line: its first word is the keyword, the rest its arguments; a
 *       {@code {} at its end opens a block, closed by a matching {@code }} (a block may sit on one
 *       line: {@code track_script { chk }});</li>
 *   <li>{@code include PATTERN} reads every file the glob matches, in name order (a relative pattern
 *       is relative to the including file's directory), nesting allowed, a file never twice in one
 *       chain;</li>
 *   <li>a line starting with {@code @ID} is used only when the agent's config id is ID, one starting
 *       with {@code @^ID} only when it is not (keepalived's {@code -i}; the default id is the host
 *       name up to its first dot).</li>
 * </ul>
 * Problems (unreadable files, unbalanced braces, an include that matches nothing) are collected,
 * never thrown, so that {@code -t} can list them all.
 */
public final class ConfReader {

    private final String configId;
    private final List<Problem> problems = new ArrayList<>();
    private final Deque<Path> including = new ArrayDeque<>();

    /** A word of a line, and whether it was quoted (a quoted brace is a word, not a brace). */
    private record Word(String text, boolean quoted) {
        boolean is(String s) {
            return !quoted && text.equals(s);
        }
    }

    /** One line's words, and where it is. */
    private record Line(List<Word> words, String file, int number) {
    }

    public ConfReader(String configId) {
        this.configId = configId;
    }

    /** What went wrong while reading, in the order found. */
    public List<Problem> problems() {
        return problems;
    }

    /** The statements of {@code file} and of everything it includes. */
    public List<Node> read(Path file) {
        List<Line> lines = new ArrayList<>();
        readFile(file, file.toString(), lines);
        return parse(lines, file.toString());
    }

    /** The statements of {@code text} (for tests); includes are relative to the working directory. */
    public List<Node> read(String name, String text) {
        List<Line> lines = new ArrayList<>();
        split(text, name, Path.of(".").toAbsolutePath(), lines);
        return parse(lines, name);
    }

    private void readFile(Path file, String name, List<Line> out) {
        Path real;
        String text;
        try {
            real = file.toRealPath();
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(new Problem(name, 0, Problem.Severity.ERROR, "cannot read the file: " + describe(e), null));
            return;
        }
        if (including.contains(real)) {
            problems.add(new Problem(name, 0, Problem.Severity.ERROR, "included from itself (an include loop)",
                    "remove the include that leads back to it"));
            return;
        }
        including.push(real);
        try {
            split(text, name, real.getParent(), out);
        } finally {
            including.pop();
        }
    }

    private void split(String text, String name, Path dir, List<Line> out) {
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            List<Word> words = words(lines[i], name, i + 1);
            if (words.isEmpty()) {
                continue;
            }
            Word first = words.get(0);
            if (!first.quoted() && first.text().startsWith("@")) {
                String id = first.text().substring(1);
                boolean negated = id.startsWith("^");
                if (negated) {
                    id = id.substring(1);
                }
                if (id.equals(configId) == negated) {
                    continue; // for another config id
                }
                words = words.subList(1, words.size());
                if (words.isEmpty()) {
                    continue;
                }
            }
            if (words.get(0).is("include")) {
                include(words, name, i + 1, dir, out);
                continue;
            }
            out.add(new Line(words, name, i + 1));
        }
    }

    private void include(List<Word> words, String name, int line, Path dir, List<Line> out) {
        if (words.size() != 2) {
            problems.add(new Problem(name, line, Problem.Severity.ERROR, "include takes one file name or glob pattern",
                    "e.g. include /etc/keepalived/conf.d/*.conf"));
            return;
        }
        String pattern = words.get(1).text();
        Path base = dir != null ? dir : Path.of(".");
        Path full = base.resolve(pattern);
        List<Path> files = glob(full);
        if (files.isEmpty()) {
            problems.add(new Problem(name, line, Problem.Severity.WARNING, "include " + pattern + " matches no file", null));
        }
        for (Path f : files) {
            readFile(f, f.toString(), out);
        }
    }

    /** The files {@code pattern} matches, in name order: globs in the last parts of the path only. */
    private static List<Path> glob(Path pattern) {
        String s = pattern.toString();
        if (!s.contains("*") && !s.contains("?") && !s.contains("[")) {
            return Files.isRegularFile(pattern) ? List.of(pattern) : List.of();
        }
        // the longest leading directory without a glob character
        Path root = pattern.getRoot() != null ? pattern.getRoot() : Path.of(".");
        Path fixed = root;
        int first = 0;
        for (; first < pattern.getNameCount(); first++) {
            String part = pattern.getName(first).toString();
            if (part.contains("*") || part.contains("?") || part.contains("[")) {
                break;
            }
            fixed = fixed.resolve(part);
        }
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + s);
        int depth = pattern.getNameCount() - first;
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(fixed)) {
            return out;
        }
        try (Stream<Path> all = Files.walk(fixed, depth)) {
            all.filter(p -> p.getNameCount() == pattern.getNameCount() && m.matches(p) && Files.isRegularFile(p))
                    .sorted().forEach(out::add);
        } catch (IOException e) {
            // unreadable directory: matches nothing
        }
        return out;
    }

    /** A line's words: comments dropped, quotes removed, braces split off. */
    private List<Word> words(String line, String name, int number) {
        List<Word> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                // keepalived: a quoted string is one word, verbatim (no escapes), and ends the word before it
                int end = line.indexOf('"', i + 1);
                if (end < 0) {
                    problems.add(new Problem(name, number, Problem.Severity.ERROR, "a quote is not closed",
                            "add the closing \" on the same line"));
                    end = line.length();
                }
                if (inWord) {
                    out.add(new Word(w.toString(), false));
                    w.setLength(0);
                    inWord = false;
                }
                out.add(new Word(line.substring(i + 1, end), true));
                i = end;
                continue;
            }
            if (c == '\\' && i + 1 < line.length() && (line.charAt(i + 1) == '#' || line.charAt(i + 1) == '!')) {
                w.append(line.charAt(++i)); // \# and \! are the characters, not a comment
                inWord = true;
                continue;
            }
            if (c == '!' || c == '#') {
                break;
            }
            if (Character.isWhitespace(c) || c == '{' || c == '}') {
                if (inWord) {
                    out.add(new Word(w.toString(), false));
                    w.setLength(0);
                    inWord = false;
                }
                if (c == '{' || c == '}') {
                    out.add(new Word(String.valueOf(c), false));
                }
                continue;
            }
            w.append(c);
            inWord = true;
        }
        if (inWord) {
            out.add(new Word(w.toString(), false));
        }
        return out;
    }

    /** Lines into statements: a trailing "{" opens a block; "}" closes it. */
    private List<Node> parse(List<Line> lines, String top) {
        Deque<Frame> stack = new ArrayDeque<>();
        Frame root = new Frame(null);
        stack.push(root);
        for (Line l : lines) {
            List<Word> words = l.words();
            int i = 0;
            while (i < words.size()) {
                Word w = words.get(i);
                if (w.is("}")) {
                    if (stack.size() == 1) {
                        problems.add(new Problem(l.file(), l.number(), Problem.Severity.ERROR, "a } closes no block",
                                "remove it, or open the block it should close"));
                    } else {
                        Frame done = stack.pop();
                        stack.peek().children.add(done.node());
                    }
                    i++;
                    continue;
                }
                if (w.is("{")) {
                    problems.add(new Problem(l.file(), l.number(), Problem.Severity.ERROR, "a { with no keyword before it",
                            "write the keyword on the same line: keyword {"));
                    stack.push(new Frame(new Line(List.of(new Word("?", false)), l.file(), l.number())));
                    i++;
                    continue;
                }
                // a statement: words up to "{", "}" or the end of the line
                int j = i;
                while (j < words.size() && !words.get(j).is("{") && !words.get(j).is("}")) {
                    j++;
                }
                Line stmt = new Line(words.subList(i, j), l.file(), l.number());
                if (j < words.size() && words.get(j).is("{")) {
                    stack.push(new Frame(stmt));
                    j++;
                } else {
                    stack.peek().children.add(leaf(stmt));
                }
                i = j;
            }
        }
        while (stack.size() > 1) {
            Frame open = stack.pop();
            problems.add(new Problem(open.line.file(), open.line.number(), Problem.Severity.ERROR,
                    "the block of " + open.line.words().get(0).text() + " is not closed", "add the } that ends it"));
            stack.peek().children.add(open.node());
        }
        return root.children;
    }

    private static Node leaf(Line l) {
        List<String> args = new ArrayList<>();
        for (Word w : l.words().subList(1, l.words().size())) {
            args.add(w.text());
        }
        return new Node(l.words().get(0).text(), args, List.of(), false, l.file(), l.number());
    }

    private static final class Frame {
        final Line line;
        final List<Node> children = new ArrayList<>();

        Frame(Line line) {
            this.line = line;
        }

        Node node() {
            Node head = leaf(line);
            return new Node(head.keyword(), head.args(), children, true, head.file(), head.line());
        }
    }

    private static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage();
    }
}
