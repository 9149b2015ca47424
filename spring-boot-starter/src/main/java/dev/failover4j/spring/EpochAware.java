package dev.failover4j.spring;

/** A {@link MasterRole} bean that wants the mastership's epoch, given before each {@code start()}. */
@FunctionalInterface
public interface EpochAware {

    /**
     * @param epoch the epoch of the mastership that is starting: strictly greater than any before it
     *              on this node; work stamped with an older epoch belongs to an older mastership
     */
    void setEpoch(long epoch);
}
