package dev.failover4j.testsupport.netns;

import com.sun.jna.LastErrorException;
import java.net.NetworkInterface;
import java.util.HashMap;
import java.util.Map;

/**
 * A capture on the lab's switch: every frame a host sends, as it enters its switch port (before any
 * impairer), timestamped by the kernel when it received the frame (SIOCGSTAMPNS), converted to
 * {@link System#nanoTime()}'s clock (CLOCK_MONOTONIC: the same clock as the test's and the nodes'),
 * so the sniffer's own scheduling does not move the times. Prints one line per VRRP advert and gratuitous ARP:
 * <pre>
 *   F &lt;nanos&gt; &lt;host&gt; VRRP &lt;vrid&gt; &lt;priority&gt; &lt;source&gt;
 *   F &lt;nanos&gt; &lt;host&gt; GARP &lt;address&gt;
 *   F &lt;nanos&gt; &lt;host&gt; VMAC &lt;what&gt;     (any frame from a virtual MAC 00:00:5e:00:0x:xx, as well)
 * </pre>
 * {@code <what>} names the frame: {@code VRRP}, {@code IGMP}, {@code ICMPv6-<type>} (143: an MLDv2
 * report, 135/136: neighbour solicitation/advertisement, 133: router solicitation), {@code ARP-<op>}.
 * Run in the switch namespace (at a real-time priority, so that its own wake-up adds microseconds,
 * not milliseconds); ends when its standard input closes.
 */
public final class Sniffer {

    private static final Map<Integer, String> HOSTS = new HashMap<>();

    private Sniffer() {
    }

    public static void main(String[] args) throws Exception {
        int fd = PacketSockets.open(null);
        Thread reader = new Thread(() -> read(fd), "sniffer");
        reader.setDaemon(true);
        reader.start();
        System.out.println("READY");
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the lab closes our input
        }
    }

    private static void read(int fd) {
        PacketSockets.bigReceiveBuffer(fd);
        long offset = PacketSockets.realtimeOffset();
        long offsetAt = System.nanoTime();
        long[] ts = new long[2];
        byte[] buf = new byte[2048];
        byte[] sll = new byte[PacketSockets.SLL_LEN];
        int[] sllLen = new int[1];
        StringBuilder line = new StringBuilder(96);
        while (true) {
            int n;
            sllLen[0] = sll.length;
            try {
                n = (int) PacketSockets.C.I.recvfrom(fd, buf, buf.length, 0, sll, sllLen);
            } catch (LastErrorException e) {
                continue;
            }
            long read = System.nanoTime();
            if (read - offsetAt > 1_000_000_000L) { // follow NTP's slewing of the real-time clock
                offset = PacketSockets.realtimeOffset();
                offsetAt = read;
            }
            long now;
            try {
                PacketSockets.C.I.ioctl(fd, PacketSockets.SIOCGSTAMPNS, ts);
                now = ts[0] * 1_000_000_000L + ts[1] - offset;
                if (now - read > 0 || read - now > 1_000_000_000L) {
                    now = read; // no kernel stamp for this frame
                }
            } catch (LastErrorException e) {
                now = read;
            }
            String host = host(PacketSockets.ifindex(sll));
            if (host == null || n < 14) {
                continue;
            }
            line.setLength(0);
            int type = u16(buf, 12);
            if (type == 0x0800 && n >= 34 && (buf[23] & 0xff) == 112) {
                int ihl = (buf[14] & 0x0f) * 4;
                int v = 14 + ihl;
                if (n >= v + 4) {
                    line.append("F ").append(now).append(' ').append(host).append(" VRRP ").append(buf[v + 1] & 0xff).append(' ')
                            .append(buf[v + 2] & 0xff).append(' ');
                    ip4(line, buf, 26);
                }
            } else if (type == 0x86dd && n >= 58 && (buf[20] & 0xff) == 112) {
                line.append("F ").append(now).append(' ').append(host).append(" VRRP ").append(buf[55] & 0xff).append(' ')
                        .append(buf[56] & 0xff).append(" v6");
            } else if (type == 0x0806 && n >= 42 && u16(buf, 20) <= 2) {
                boolean gratuitous = buf[28] == buf[38] && buf[29] == buf[39] && buf[30] == buf[40] && buf[31] == buf[41];
                if (gratuitous) {
                    line.append("F ").append(now).append(' ').append(host).append(" GARP ");
                    ip4(line, buf, 28);
                }
            }
            if (buf[6] == 0 && buf[7] == 0 && buf[8] == 0x5e && buf[9] == 0 && (buf[10] == 1 || buf[10] == 2)) {
                if (line.length() > 0) {
                    line.append('\n');
                }
                line.append("F ").append(now).append(' ').append(host).append(" VMAC ").append(what(buf, n, type));
            }
            if (line.length() > 0) {
                System.out.println(line);
                System.out.flush();
            }
        }
    }

    /** What a frame is, in a word (see the class comment). */
    static String what(byte[] buf, int n, int type) {
        if (type == 0x0800 && n >= 34) {
            int proto = buf[23] & 0xff;
            return proto == 112 ? "VRRP" : proto == 2 ? "IGMP" : "IPv4-" + proto;
        }
        if (type == 0x86dd && n >= 54) {
            int next = buf[20] & 0xff;
            int at = 54;
            if (next == 0 && n >= 62) { // hop-by-hop options (MLD's router alert)
                next = buf[54] & 0xff;
                at = 54 + ((buf[55] & 0xff) + 1) * 8;
            }
            return next == 112 ? "VRRP" : next == 58 && n > at ? "ICMPv6-" + (buf[at] & 0xff) : "IPv6-" + next;
        }
        if (type == 0x0806 && n >= 22) {
            return "ARP-" + u16(buf, 20);
        }
        return String.format("ethertype-%04x", type);
    }

    /** The lab host behind a switch port {@code v-HOST}; null for the bridge and an impairer's ports. */
    private static String host(int ifindex) {
        return HOSTS.computeIfAbsent(ifindex, i -> {
            try {
                NetworkInterface nif = NetworkInterface.getByIndex(i);
                String name = nif == null ? "" : nif.getName();
                return name.startsWith("v-") ? name.substring(2) : null;
            } catch (java.net.SocketException e) {
                return null;
            }
        });
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
    }

    private static void ip4(StringBuilder s, byte[] b, int i) {
        s.append(b[i] & 0xff).append('.').append(b[i + 1] & 0xff).append('.').append(b[i + 2] & 0xff).append('.').append(b[i + 3] & 0xff);
    }
}
