#include "app/admin_command.hpp"

#include <iostream>

#include "app/data_dir.hpp"
#include "core/error.hpp"
#include "db/database.hpp"
#include "store/role_store.hpp"

namespace lenslet::app {

int SetRole(const Config& config) {
  const auto& options = config.admin_role;
  const auto role = store::ParseRole(options.role);
  if (!role) {
    std::cerr << "lenslet: the role must be admin, moderator or user\n";
    return 2;
  }
  try {
    EnsurePrivateDataDir(config.data_dir);
    auto database = db::Open({.url = EffectiveDatabaseUrl(config), .worker_threads = 1, .max_connections = 1});
    database->Migrate();
    const auto user = database->WriteNow(
        [&](db::Connection& c) { return store::RoleStore().Set(c, options.username, *role); });
    if (!user) {
      std::cerr << "lenslet: there is no user named '" << options.username << "'\n";
      return 1;
    }
    std::cout << options.username << " is now " << store::RoleName(*role) << "\n";
    return 0;
  } catch (const core::Error& e) {
    std::cerr << "lenslet: cannot change the role: " << e.message()
              << (e.internal().empty() ? "" : " (" + e.internal() + ")") << "\n";
  } catch (const std::exception& e) {
    std::cerr << "lenslet: cannot change the role: " << e.what() << "\n";
  }
  return 1;
}

}  // namespace lenslet::app
