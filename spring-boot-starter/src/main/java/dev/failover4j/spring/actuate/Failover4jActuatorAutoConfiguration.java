package dev.failover4j.spring.actuate;

import dev.failover4j.spring.Failover4jAutoConfiguration;
import dev.failover4j.spring.FailoverGroups;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The actuator's parts, each present when the application has its module: health, info, the endpoint. */
@AutoConfiguration(after = Failover4jAutoConfiguration.class)
@ConditionalOnBean(FailoverGroups.class)
public class Failover4jActuatorAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class HealthConfiguration {
        @Bean
        @ConditionalOnMissingBean(name = "failover4jHealthIndicator")
        Failover4jHealthIndicator failover4jHealthIndicator(FailoverGroups groups) {
            return new Failover4jHealthIndicator(groups);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.info.InfoContributor")
    static class InfoAndEndpointConfiguration {
        @Bean
        @ConditionalOnMissingBean
        Failover4jInfoContributor failover4jInfoContributor(FailoverGroups groups) {
            return new Failover4jInfoContributor(groups);
        }

        @Bean
        @ConditionalOnMissingBean
        Failover4jEndpoint failover4jEndpoint(FailoverGroups groups) {
            return new Failover4jEndpoint(groups);
        }
    }
}
