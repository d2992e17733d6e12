package dev.contextgate.provider;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Chooses among healthy deployments: two draws by weight, and the one with fewer calls in flight
 * (the first draw on a tie). With nothing in flight that is plain weighted random; under load it
 * steers away from a deployment that is slow to answer without ignoring the weights.
 */
final class DeploymentPicker {

    private DeploymentPicker() {}

    /**
     * A deployment whose breaker let the call through (its permission is taken), or null when every
     * candidate's breaker is open.
     */
    static Deployment acquire(Collection<Deployment> candidates, RandomGenerator random) {
        List<Deployment> pool = new ArrayList<>(candidates);
        while (!pool.isEmpty()) {
            Deployment d = pick(pool, random);
            if (d.tryAcquire()) {
                return d;
            }
            pool.remove(d);
        }
        return null;
    }

    static Deployment pick(List<Deployment> pool, RandomGenerator random) {
        if (pool.size() == 1) {
            return pool.get(0);
        }
        Deployment first = draw(pool, random);
        Deployment second = draw(pool, random);
        return second.inFlight() < first.inFlight() ? second : first;
    }

    private static Deployment draw(List<Deployment> pool, RandomGenerator random) {
        int total = 0;
        for (Deployment d : pool) {
            total += d.weight();
        }
        int r = random.nextInt(total);
        for (Deployment d : pool) {
            r -= d.weight();
            if (r < 0) {
                return d;
            }
        }
        return pool.get(pool.size() - 1);
    }
}
