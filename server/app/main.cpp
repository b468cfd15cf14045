// lenslet: parse the command line, then serve, migrate, seed, back up, restore or administer
// (app/application.cpp wires every module together).
#include "app/admin_command.hpp"
#include "app/allocator.hpp"
#include "app/application.hpp"
#include "app/backup.hpp"
#include "app/config.hpp"
#include "app/seed.hpp"

int main(int argc, char** argv) {
  using namespace lenslet::app;
  TuneAllocator();
  const auto parsed = ParseCommandLine(argc, argv);
  if (!parsed.config) return parsed.exit_code;
  switch (parsed.config->command) {
    case Command::kMigrate:
      return Migrate(*parsed.config);
    case Command::kSeed:
      return Seed(*parsed.config);
    case Command::kBackup:
      return Backup(*parsed.config);
    case Command::kRestore:
      return Restore(*parsed.config);
    case Command::kAdminRole:
      return SetRole(*parsed.config);
    case Command::kServe:
      return Serve(*parsed.config);
  }
  return 2;
}
