package dev.contextgate.provider;

import java.util.List;

/**
 * The deployments of one model name, tried before that name's fallbacks.
 *
 * @param contextFallback a model with a larger window to try when the request does not fit; null for none
 */
record DeploymentGroup(String name, List<Deployment> deployments, String contextFallback) {
    DeploymentGroup {
        deployments = List.copyOf(deployments);
    }
}
