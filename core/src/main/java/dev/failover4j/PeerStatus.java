package dev.failover4j;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * A router this group hears, from its adverts. In VRRP only a master (or a router that takes itself
 * for one) sends adverts: a peer heard recently is acting as master; a backup is silent, so it appears
 * only once it has been master while this group listened.
 *
 * @param address       the router's source address
 * @param priority      the priority in its last advert (0: it was leaving)
 * @param advertInterval the advert interval in its last advert
 * @param adverts       how many of its adverts were accepted
 * @param lastHeardNanos the group's monotonic clock when its last advert arrived
 * @param age           how long ago that was, when this status was read
 */
public record PeerStatus(InetAddress address, int priority, Duration advertInterval, long adverts, long lastHeardNanos,
                         Duration age) {

    /**
     * Validates that no address, interval or age is null.
     *
     * @param address        the router's source address
     * @param priority       the priority in its last advert (0: it was leaving)
     * @param advertInterval the advert interval in its last advert
     * @param adverts        how many of its adverts were accepted
     * @param lastHeardNanos the group's monotonic clock when its last advert arrived
     * @param age            how long ago that was, when this status was read
     */
    public PeerStatus {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(advertInterval, "advertInterval");
        Objects.requireNonNull(age, "age");
    }
}
