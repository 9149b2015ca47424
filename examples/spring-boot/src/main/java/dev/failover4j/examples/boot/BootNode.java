package dev.failover4j.examples.boot;

import dev.failover4j.spring.FailoverStateChangedEvent;
import dev.failover4j.spring.MasterRole;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

/**
 * A Spring Boot application that is one node of an active/standby pair. Its only failover4j
 * dependencies are the starter and jna-net; three properties configure it:
 *
 * <pre>
 * java -jar failover4j-example-spring-boot.jar \
 *     --failover4j.interface-name=eth0 --failover4j.vrid=51 --failover4j.virtual-addresses=192.168.0.100/24
 * </pre>
 *
 * <p>{@link ReportJob} runs on the master only and moves with the virtual address.
 */
@SpringBootApplication
public class BootNode {

    public static void main(String[] args) {
        SpringApplication.run(BootNode.class, args);
    }

    /** A job that must run on one node of the pair: started when this node becomes MASTER, stopped when it leaves. */
    @Bean
    @MasterRole
    ReportJob reportJob() {
        return new ReportJob();
    }

    /** Every state change, as an application event (here: one line on stdout). */
    @EventListener
    public void onStateChange(FailoverStateChangedEvent e) {
        System.out.println("STATE " + e.group() + " " + e.from() + " " + e.to() + " " + e.cause() + " epoch " + e.epoch());
    }
}
