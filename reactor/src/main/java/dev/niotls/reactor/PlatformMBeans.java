package dev.niotls.reactor;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Puts niotls's MBeans on the platform MBean server as {@code dev.niotls:type=<type>,name="<name>"} and takes them
 * away: the loops' ({@link EventLoopMXBean}) and, from the tls module, the TLS servers' counters. A failure is
 * logged, never thrown: the loop or server runs anyway, only unobserved.
 */
public final class PlatformMBeans {
    private static final System.Logger LOG = System.getLogger(PlatformMBeans.class.getName());

    private PlatformMBeans() {
    }

    /** @return the name registered, or null when registration failed (logged) */
    public static ObjectName register(Object mbean, String type, String name) {
        try {
            ObjectName objectName = new ObjectName("dev.niotls:type=" + type + ",name=" + ObjectName.quote(name));
            ManagementFactory.getPlatformMBeanServer().registerMBean(mbean, objectName);
            return objectName;
        } catch (JMException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot register the " + type + " MBean of " + name + ": " + e);
            return null;
        }
    }

    /** Unregisters {@code name}, a result of {@link #register} (null does nothing). */
    public static void unregister(ObjectName name) {
        if (name == null) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "cannot unregister " + name + ": " + e);
        }
    }
}
