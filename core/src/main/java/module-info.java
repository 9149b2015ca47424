/**
 * failover4j's core: the API ({@code dev.failover4j}), the service-provider interfaces a platform
 * implements ({@code spi}), the in-memory network for tests ({@code testkit}) and the VRRP wire format
 * ({@code codec}). The protocol engine and the driver's threads ({@code engine}, {@code internal}) are
 * not exported: they may change in any release.
 *
 * <p>{@code codec} is exported because the {@link dev.failover4j.spi.Transport} SPI speaks in its
 * types ({@code VrrpPacket}, {@code RxMeta}), and because decoding captured adverts is useful to
 * tools; it is pure functions over bytes with a stable shape.
 */
module dev.failover4j {
    requires org.slf4j;

    exports dev.failover4j;
    exports dev.failover4j.spi;
    exports dev.failover4j.testkit;
    exports dev.failover4j.codec;
    // The loop's waiting hook, for the Linux edge's poll loop only.
    exports dev.failover4j.internal to dev.failover4j.jna;

    uses dev.failover4j.spi.NetworkProvider;
}
