#include "cluster/cluster_rules.hpp"

#include "cluster/scripts.hpp"

namespace lenslet::cluster {

ClusterRules::ClusterRules(ClusterRulesOptions options)
    : client_({.url = std::move(options.url),
               .name = "redis rules",
               .deadline = options.deadline,
               .scripts = Scripts()}),
      limiters_(client_, options.key_prefix),
      revocations_(client_, options.key_prefix),
      throttle_(client_, options.key_prefix, options.login_throttle) {}

}  // namespace lenslet::cluster
