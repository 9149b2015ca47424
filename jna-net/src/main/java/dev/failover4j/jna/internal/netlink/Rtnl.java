package dev.failover4j.jna.internal.netlink;

/** rtnetlink constants (linux/netlink.h, linux/rtnetlink.h, linux/if_addr.h, linux/if_link.h). */
public final class Rtnl {
    private Rtnl() {
    }

    public static final int NLMSG_HDRLEN = 16;
    public static final int NLMSG_ERROR = 2;
    public static final int NLMSG_DONE = 3;

    public static final int NLM_F_REQUEST = 0x1;
    public static final int NLM_F_MULTI = 0x2;
    public static final int NLM_F_ACK = 0x4;
    public static final int NLM_F_ROOT = 0x100;
    public static final int NLM_F_MATCH = 0x200;
    public static final int NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;
    public static final int NLM_F_REPLACE = 0x100;
    public static final int NLM_F_EXCL = 0x200;
    public static final int NLM_F_CREATE = 0x400;

    public static final int RTM_NEWLINK = 16;
    public static final int RTM_DELLINK = 17;
    public static final int RTM_GETLINK = 18;
    public static final int RTM_NEWADDR = 20;
    public static final int RTM_DELADDR = 21;
    public static final int RTM_GETADDR = 22;

    public static final int IFA_ADDRESS = 1;
    public static final int IFA_LOCAL = 2;
    public static final int IFA_LABEL = 3;
    public static final int IFA_BROADCAST = 4;
    public static final int IFA_CACHEINFO = 6;
    public static final int IFA_FLAGS = 8;
    /** Linux 5.18+: who added the address. */
    public static final int IFA_PROTO = 11;

    public static final int IFA_F_SECONDARY = 0x01;
    public static final int IFA_F_NODAD = 0x02;
    public static final int IFA_F_PERMANENT = 0x80;

    public static final int IFLA_ADDRESS = 1;
    public static final int IFLA_IFNAME = 3;
    public static final int IFLA_OPERSTATE = 16;
    public static final int IFLA_LINK = 5;
    public static final int IFLA_LINKINFO = 18;
    public static final int IFLA_INFO_KIND = 1;
    public static final int IFLA_INFO_DATA = 2;
    public static final int IFLA_MACVLAN_MODE = 1;
    public static final int IFLA_AF_SPEC = 26;
    public static final int AF_INET6 = 10;
    public static final int IFLA_INET6_ADDR_GEN_MODE = 8;
    public static final int IN6_ADDR_GEN_MODE_NONE = 1;
    /** linux/if_link.h: MACVLAN_MODE_PRIVATE, keepalived's choice for a VMAC. */
    public static final int MACVLAN_MODE_PRIVATE = 1;
    public static final int NLA_F_NESTED = 0x8000;

    public static final int IFF_UP = 0x1;
    public static final int IFF_RUNNING = 0x40;
    public static final int IFF_LOWER_UP = 0x10000;

    public static final int RT_SCOPE_UNIVERSE = 0;
    public static final int RT_SCOPE_LINK = 253;

    /** Multicast groups for notifications (bit = 1 &lt;&lt; (group - 1)). */
    public static final int RTNLGRP_LINK = 1;
    public static final int RTNLGRP_IPV4_IFADDR = 5;
    public static final int RTNLGRP_IPV6_IFADDR = 9;

    /** ifa_cacheinfo lifetime meaning "forever". */
    public static final long INFINITY_LIFE_TIME = 0xffffffffL;

    /**
     * The IFA_PROTO value failover4j puts on the addresses it adds, so a VIP left by a crashed JVM is
     * recognisable ({@code ip -d addr} shows it as {@code proto 0xf4}). 0..3 are the kernel's own.
     */
    public static final int IFAPROT_FAILOVER4J = 0xf4;
}
