package dev.failover4j.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean that runs only while this node is MASTER of a group: a scheduler, a consumer, a
 * singleton job. The bean implements {@link org.springframework.context.Lifecycle}; failover4j calls
 * {@code start()} when the group enters MASTER (its addresses bound) and {@code stop()} when it leaves,
 * in {@link org.springframework.context.Phased phase} order (stop in reverse), on one thread, one
 * transition after the other (Spring Integration's role controller is the model). A bean that also
 * implements {@link EpochAware} is given the new mastership's epoch before {@code start()}: the
 * fencing token for what it writes.
 *
 * <p>On a class or a {@code @Bean} method. A {@link org.springframework.context.SmartLifecycle} must
 * return false from {@code isAutoStartup()}, else the context would start it on every node: the
 * application then fails to start, saying so.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface MasterRole {

    /** The group's name; empty for the only group. */
    String value() default "";
}
