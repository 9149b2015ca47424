package dev.failover4j.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The benchmark's client: one HTTP GET every 10 ms (a new TCP connection each, 50 ms connect and read
 * timeout), for a bounded time. Prints "<CLOCK_MONOTONIC ns> <node>" for each answer and
 * "<ns> FAIL" for each failure, so the harness can compute the gap the client saw.
 *
 * usage: java -cp failover4j-bench.jar dev.failover4j.bench.Client HOST PORT DURATION_MS
 */
public final class Client {

    private Client() {
    }

    public static void main(String[] args) throws Exception {
        InetSocketAddress target = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        long end = System.nanoTime() + Long.parseLong(args[2]) * 1_000_000L;
        byte[] request = ("GET / HTTP/1.0\r\nHost: " + args[0] + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        long next = System.nanoTime();
        System.out.println("READY");
        System.out.flush();
        while (System.nanoTime() - end < 0) {
            long t = System.nanoTime();
            String who = "FAIL";
            try (Socket s = new Socket()) {
                s.connect(target, 50);
                s.setSoTimeout(50);
                OutputStream o = s.getOutputStream();
                o.write(request);
                o.flush();
                InputStream in = s.getInputStream();
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                int i = body.indexOf("Welcome to ");
                if (i >= 0) {
                    who = body.substring(i + 11).trim();
                }
            } catch (Exception e) {
                who = "FAIL";
            }
            System.out.println(t + " " + who);
            next += 10_000_000L;
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                Thread.sleep(sleep / 1_000_000L, (int) (sleep % 1_000_000L));
            } else {
                next = System.nanoTime();
            }
        }
        System.out.flush();
    }
}
