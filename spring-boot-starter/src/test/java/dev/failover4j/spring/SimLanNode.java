package dev.failover4j.spring;

import dev.failover4j.testkit.SimulatedLan;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Puts an application's groups on a {@link SimulatedLan} node: the property {@code test.lan} names the
 * LAN (registered with {@link #register}), {@code test.node} the node (its address
 * {@code test.address}). Every other part of the application is real.
 */
@TestConfiguration(proxyBeanMethods = false)
public class SimLanNode {

    static final Map<String, SimulatedLan> LANS = new ConcurrentHashMap<>();

    static void register(String name, SimulatedLan lan) {
        LANS.put(name, lan);
    }

    @Bean
    SimulatedLan.Node simulatedNode(@Value("${test.lan}") String lan, @Value("${test.node}") String node,
                                    @Value("${test.address}") String address) {
        return LANS.get(lan).node(node, address);
    }

    @Bean
    Failover4jGroupCustomizer simulatedNetwork(SimulatedLan.Node node) {
        return (name, builder) -> node.configure(builder);
    }
}
