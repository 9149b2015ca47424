package dev.failover4j.agent;

import java.util.logging.LogManager;

/**
 * java.util.logging's manager, without the reset the JDK runs in its own shutdown hook: that hook
 * runs beside the agent's, and would close the handlers while the agent still logs its graceful
 * stop (priority 0 sent, addresses released). The agent's hook closes them last.
 */
public final class AgentLogManager extends LogManager {

    private static volatile AgentLogManager instance;

    public AgentLogManager() {
        instance = this;
    }

    @Override
    public void reset() {
        // left for closeAtLast(); the configuration in Main resets through resetNow()
    }

    /** A reset now (for the agent's own logging set-up). */
    void resetNow() {
        super.reset();
    }

    /** Closes the handlers once the agent has stopped. */
    static void closeAtLast() {
        AgentLogManager m = instance;
        if (m != null) {
            m.resetNow();
        }
    }
}
