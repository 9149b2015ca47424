package dev.failover4j.spring;

import dev.failover4j.micrometer.FailoverMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * failover4j-micrometer's meters for every group, tagged {@code group=<name>}, in every
 * {@link MeterRegistry} Spring Boot configures (Spring Boot binds every {@link MeterBinder} bean).
 */
@AutoConfiguration(after = Failover4jAutoConfiguration.class)
@ConditionalOnClass({MeterBinder.class, FailoverMetrics.class})
@ConditionalOnBean(FailoverGroups.class)
public class Failover4jMetricsAutoConfiguration {

    /**
     * The meters of every group.
     *
     * @param groups the groups
     * @return the binder
     */
    @Bean
    public Failover4jMeterBinder failover4jMeterBinder(FailoverGroups groups) {
        return new Failover4jMeterBinder(groups);
    }

    /** Binds a {@link FailoverMetrics} per group and registry; closes them with the context. */
    public static class Failover4jMeterBinder implements MeterBinder, DisposableBean {

        private final FailoverGroups groups;
        private final List<FailoverMetrics> bound = new ArrayList<>();

        /**
         * A binder for {@code groups}.
         *
         * @param groups the groups
         */
        public Failover4jMeterBinder(FailoverGroups groups) {
            this.groups = groups;
        }

        @Override
        public synchronized void bindTo(MeterRegistry registry) {
            groups.groups().forEach((name, group) -> {
                FailoverMetrics m = new FailoverMetrics(group, Tags.of("group", name));
                m.bindTo(registry);
                bound.add(m);
            });
        }

        @Override
        public synchronized void destroy() {
            bound.forEach(FailoverMetrics::close);
            bound.clear();
        }
    }
}
