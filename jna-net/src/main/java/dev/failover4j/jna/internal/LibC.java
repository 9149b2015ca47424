package dev.failover4j.jna.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The few libc calls failover4j needs. Every call declares {@link LastErrorException} so errno is
 * captured; {@link Errno} turns it into an exception with the errno's name. Buffers are plain
 * {@code byte[]} built and parsed in pure Java.
 */
public interface LibC extends Library {

    LibC INSTANCE = Native.load("c", LibC.class);

    int AF_INET = 2;
    int AF_INET6 = 10;
    int AF_NETLINK = 16;
    int AF_PACKET = 17;
    int SOCK_DGRAM = 2;
    int SOCK_RAW = 3;
    int SOCK_CLOEXEC = 0x80000;
    int NETLINK_ROUTE = 0;

    int SOL_SOCKET = 1;
    int SO_RCVBUF = 8;
    int SO_RCVTIMEO = 20;
    int SO_BINDTODEVICE = 25;

    int IPPROTO_IP = 0;
    int IP_TOS = 1;
    int IP_TTL = 2;
    int IP_HDRINCL = 3;
    int IP_MULTICAST_IF = 32;
    int IP_MULTICAST_TTL = 33;
    int IP_MULTICAST_LOOP = 34;
    int IP_ADD_MEMBERSHIP = 35;

    int IPPROTO_IPV6 = 41;
    int IPV6_UNICAST_HOPS = 16;
    int IPV6_MULTICAST_IF = 17;
    int IPV6_MULTICAST_HOPS = 18;
    int IPV6_MULTICAST_LOOP = 19;
    int IPV6_JOIN_GROUP = 20;
    int IPV6_RECVPKTINFO = 49;
    int IPV6_PKTINFO = 50;
    int IPV6_RECVHOPLIMIT = 51;
    int IPV6_HOPLIMIT = 52;
    int IPV6_TCLASS = 67;
    int IPV6_FREEBIND = 78;

    int ETH_P_IPV6 = 0x86dd;

    int SOL_NETLINK = 270;
    int NETLINK_ADD_MEMBERSHIP = 1;

    int ETH_P_ARP = 0x0806;

    int socket(int domain, int type, int protocol) throws LastErrorException;

    int bind(int fd, byte[] addr, int addrlen) throws LastErrorException;

    int setsockopt(int fd, int level, int optname, byte[] optval, int optlen) throws LastErrorException;

    long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrlen) throws LastErrorException;

    long send(int fd, byte[] buf, long len, int flags) throws LastErrorException;

    long recv(int fd, byte[] buf, long len, int flags) throws LastErrorException;

    long recvmsg(int fd, com.sun.jna.Pointer msg, int flags) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int if_nametoindex(String name) throws LastErrorException;

    int SCHED_RR = 2;
    /** Or'ed into a policy: threads and processes this thread creates start with the default policy. */
    int SCHED_RESET_ON_FORK = 0x40000000;
    int MCL_CURRENT = 1;
    int MCL_FUTURE = 2;

    /** With pid 0, Linux changes the calling thread only. {@code param} is a struct sched_param (one int). */
    int sched_setscheduler(int pid, int policy, byte[] param) throws LastErrorException;

    int mlockall(int flags) throws LastErrorException;
}
