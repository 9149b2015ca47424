package dev.failover4j.testsupport.netns;

import com.sun.jna.LastErrorException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * An attacker on a lab host (a process in its namespace): reads commands on standard input and
 * answers on standard output. {@code capture SRC} waits (at most 5 s) for the next IPv4 VRRP packet from
 * {@code SRC} on eth0 and prints {@code CAPTURED <hex of the IP packet>}; {@code send HEX} sends that
 * IPv4 packet on eth0 in an Ethernet frame (multicast MAC for a multicast destination, else broadcast)
 * and prints {@code SENT}. One packet per command: every send is bounded by the test that asks.
 */
public final class Injector {

    private Injector() {
    }

    public static void main(String[] args) throws Exception {
        int fd = PacketSockets.open("eth0");
        PacketSockets.bigReceiveBuffer(fd);
        byte[] mac = java.net.NetworkInterface.getByName("eth0").getHardwareAddress();
        System.out.println("READY");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String[] c = line.strip().split("\\s+");
            try {
                switch (c[0]) {
                    case "capture" -> System.out.println(capture(fd, java.net.InetAddress.getByName(c[1]).getAddress()));
                    case "send" -> {
                        send(fd, mac, HexFormat.of().parseHex(c[1]));
                        System.out.println("SENT");
                    }
                    default -> System.out.println("ERROR unknown command " + c[0]);
                }
            } catch (Exception e) {
                System.out.println("ERROR " + e);
            }
            System.out.flush();
        }
    }

    private static String capture(int fd, byte[] source) {
        byte[] buf = new byte[2048];
        long end = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() - end < 0) {
            int n;
            try {
                n = (int) PacketSockets.C.I.recv(fd, buf, buf.length, 0x40 /* MSG_DONTWAIT */);
            } catch (LastErrorException e) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return "ERROR interrupted";
                }
                continue;
            }
            if (n > 34 && (buf[12] & 0xff) == 0x08 && buf[13] == 0 && (buf[23] & 0xff) == 112
                    && buf[26] == source[0] && buf[27] == source[1] && buf[28] == source[2] && buf[29] == source[3]) {
                int total = ((buf[16] & 0xff) << 8) | (buf[17] & 0xff);
                return "CAPTURED " + HexFormat.of().formatHex(buf, 14, 14 + Math.min(total, n - 14));
            }
        }
        return "ERROR nothing from that source in 5 s";
    }

    private static void send(int fd, byte[] mac, byte[] ip) {
        byte[] frame = new byte[14 + ip.length];
        int d0 = ip[16] & 0xff;
        if (d0 >= 224 && d0 <= 239) {
            frame[0] = 0x01;
            frame[1] = 0x00;
            frame[2] = 0x5e;
            frame[3] = (byte) (ip[17] & 0x7f);
            frame[4] = ip[18];
            frame[5] = ip[19];
        } else {
            java.util.Arrays.fill(frame, 0, 6, (byte) 0xff);
        }
        System.arraycopy(mac, 0, frame, 6, 6);
        frame[12] = 0x08;
        frame[13] = 0x00;
        System.arraycopy(ip, 0, frame, 14, ip.length);
        PacketSockets.C.I.send(fd, frame, frame.length, 0);
    }
}
