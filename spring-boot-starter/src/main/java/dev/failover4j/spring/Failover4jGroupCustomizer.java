package dev.failover4j.spring;

import dev.failover4j.HaGroup;

/**
 * A bean that adjusts each group's builder after the properties were applied and before the group is
 * built: health checks with code in them, listeners, or (in tests) the testkit's simulated network.
 * Every customizer bean is called for every group, in {@code @Order}.
 */
@FunctionalInterface
public interface Failover4jGroupCustomizer {

    /**
     * @param name    the group's name: {@value FailoverGroups#DEFAULT_GROUP} for the top-level group,
     *                else its key under {@code failover4j.groups}
     * @param builder the builder, with the properties applied
     */
    void customize(String name, HaGroup.Builder builder);
}
