package dev.failover4j.spring.actuate;

import dev.failover4j.HaConfig;
import dev.failover4j.VirtualAddress;
import dev.failover4j.spring.FailoverGroups;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/** {@code /actuator/info} section {@code failover4j}: the library's version and each group's configuration (no password). */
public class Failover4jInfoContributor implements InfoContributor {

    private final FailoverGroups groups;

    /**
     * The contributor over {@code groups}.
     *
     * @param groups the groups
     */
    public Failover4jInfoContributor(FailoverGroups groups) {
        this.groups = groups;
    }

    @Override
    public void contribute(Info.Builder builder) {
        Map<String, Object> out = new LinkedHashMap<>();
        String version = dev.failover4j.HaGroup.class.getPackage().getImplementationVersion();
        out.put("version", version == null ? "unknown" : version);
        Map<String, Object> gs = new LinkedHashMap<>();
        groups.groups().forEach((name, g) -> {
            HaConfig c = g.config();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("interface", c.interfaceName());
            m.put("vrid", c.vrid());
            m.put("vrrpVersion", c.version().number());
            m.put("priority", c.priority());
            m.put("advertInterval", c.advertInterval().toString());
            m.put("virtualAddresses", c.virtualAddresses().stream().map(VirtualAddress::toString).toList());
            m.put("preempt", c.preempt());
            m.put("unicastPeers", c.unicastPeers().stream().map(a -> a.getHostAddress()).toList());
            gs.put(name, m);
        });
        out.put("groups", gs);
        builder.withDetail("failover4j", out);
    }
}
