package dev.failover4j.examples;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;

/**
 * A handler for SIGTERM through {@code sun.misc.Signal} (module jdk.unsupported, in every JDK since 9),
 * reached reflectively so that the build stays free of its "internal proprietary API" warning. Where
 * it is missing, nothing is installed and the shutdown hook does the work, a little later.
 */
final class OnSignal {

    private OnSignal() {
    }

    /** Runs {@code action} on SIGTERM instead of the JVM's default (which runs the shutdown hooks). */
    static boolean term(Runnable action) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            InvocationHandler call = (proxy, method, args) -> {
                if (method.getName().equals("handle")) {
                    action.run();
                    return null;
                }
                return method.invoke(action, args); // toString, hashCode, equals
            };
            Object h = Proxy.newProxyInstance(OnSignal.class.getClassLoader(), new Class<?>[] {handler}, call);
            signal.getMethod("handle", signal, handler).invoke(null, signal.getConstructor(String.class).newInstance("TERM"), h);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
