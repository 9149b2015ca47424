/**
 * failover4j's Linux edge through JNA: raw VRRP sockets, rtnetlink VIPs and gratuitous ARP. It
 * exports nothing: {@code HaGroup} finds it with {@link java.util.ServiceLoader} through the
 * provider below. Nothing is opened either: the libc binding is a plain JNA interface (JNA makes a
 * {@link java.lang.reflect.Proxy} of it) and every struct is built in pure Java, so JNA never needs
 * deep reflection into this module (ModulePathTest runs netlink calls on the module path).
 */
module dev.failover4j.jna {
    requires dev.failover4j;
    requires com.sun.jna;
    requires org.slf4j;

    provides dev.failover4j.spi.NetworkProvider with dev.failover4j.jna.LinuxNetworkProvider;
}
