package dev.failover4j.spring;

import dev.failover4j.HealthCheckSpec;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * failover4j's groups from {@code failover4j.*}: validated at start-up (every problem at once, as a
 * Spring Boot failure analysis), started after the web server and closed before its graceful
 * shutdown, with their state changes as application events and {@link MasterRole} beans run on the
 * master only. {@code failover4j.enabled=false} turns it all off.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "failover4j", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(Failover4jProperties.class)
public class Failover4jAutoConfiguration {

    /**
     * The groups, built (and validated) from the properties, the {@link HealthCheckSpec} beans and the customizers.
     *
     * @param properties {@code failover4j.*}
     * @param checks health checks for every group
     * @param customizers applied to every group's builder, in order
     * @param events where state changes are published
     * @return the groups, not started
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public FailoverGroups failoverGroups(Failover4jProperties properties, ObjectProvider<HealthCheckSpec> checks,
                                         ObjectProvider<Failover4jGroupCustomizer> customizers,
                                         ApplicationEventPublisher events) {
        List<HealthCheckSpec> specs = checks.orderedStream().toList();
        List<Failover4jGroupCustomizer> cs = customizers.orderedStream().toList();
        return new FailoverGroups(GroupFactory.build(properties, specs, cs), properties.getCloseTimeout(), events);
    }

    /**
     * Runs the {@link MasterRole} beans on the master only.
     *
     * @param context the application context
     * @param groups the groups
     * @return the controller
     */
    @Bean
    @ConditionalOnMissingBean
    public MasterRoleController masterRoleController(ApplicationContext context, FailoverGroups groups) {
        return new MasterRoleController(context, groups);
    }
}
