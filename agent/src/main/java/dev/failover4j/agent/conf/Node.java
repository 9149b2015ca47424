package dev.failover4j.agent.conf;

import java.util.List;

/**
 * One statement of a keepalived.conf: a keyword, its arguments on the same line, and the statements
 * of its block if it has one ({@code vrrp_instance VI_1 { ... }}), with where it was written.
 *
 * @param keyword  the first word
 * @param args     the words after it, quotes removed
 * @param children the block's statements; empty when it has none
 * @param hasBlock whether a block followed (even an empty one)
 * @param file     the file it is in (an included file's own name)
 * @param line     its line, 1-based
 */
public record Node(String keyword, List<String> args, List<Node> children, boolean hasBlock, String file, int line) {

    public Node {
        args = List.copyOf(args);
        children = List.copyOf(children);
    }

    /** The first argument, or null. */
    public String arg() {
        return args.isEmpty() ? null : args.get(0);
    }

    /** Where it is, {@code file:line}. */
    public String where() {
        return file + ":" + line;
    }
}
