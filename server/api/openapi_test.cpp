// docs/openapi.yaml must describe exactly the routes the server declares: a
// route missing from the document, or a documented route the server does not
// answer, fails here.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "api/routes.hpp"
#include "auth/auth_service.hpp"
#include "db/database.hpp"

namespace lenslet::api {
namespace {

std::set<std::string> DocumentedRoutes() {
  std::ifstream in(std::string(LENSLET_SOURCE_DIR) + "/docs/openapi.yaml");
  EXPECT_TRUE(in) << "docs/openapi.yaml is missing";
  std::string base = "/api/v1";
  std::set<std::string> routes;
  const std::regex path_line(R"(^  (/[^:\s]*):\s*$)");
  const std::regex method_line(R"(^    (get|put|post|patch|delete|head|options):\s*$)");
  bool in_paths = false;
  std::string current;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("paths:")) {
      in_paths = true;
      continue;
    }
    if (!in_paths) continue;
    if (!line.empty() && line[0] != ' ' && line[0] != '#') in_paths = false;
    std::smatch m;
    if (std::regex_match(line, m, path_line)) {
      current = m[1];
    } else if (std::regex_match(line, m, method_line)) {
      std::string method = m[1];
      for (auto& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      routes.insert(method + " " + base + current);
    }
  }
  return routes;
}

std::set<std::string> DeclaredRoutes() {
  // The real composition with throwaway parts: handlers are not called here.
  auto database = db::Open({.url = "sqlite::memory:", .worker_threads = 1});
  core::WorkerPool pool("test", 1, 10);
  auth::AuthOptions options;
  options.jwt_secret = core::Secret(std::string(32, 'k'));
  options.password = {.opslimit = 1, .memlimit = 8192};
  auth::AuthService auth(*database, pool, options);
  std::atomic<bool> ready{true};
  Services services{.db = *database, .auth = auth, .options = {}, .ready = ready};
  http::Router router;
  RegisterRoutes(router, services);
  std::set<std::string> routes;
  for (const auto& route : router.routes()) {
    routes.insert(std::string(http::ToString(route.method)) + " " + route.pattern);
  }
  return routes;
}

TEST(OpenApiTest, DocumentsExactlyTheDeclaredRoutes) {
  const auto documented = DocumentedRoutes();
  const auto declared = DeclaredRoutes();
  ASSERT_FALSE(declared.empty());
  for (const auto& route : declared) EXPECT_TRUE(documented.contains(route)) << route << " is not in docs/openapi.yaml";
  for (const auto& route : documented) EXPECT_TRUE(declared.contains(route)) << route << " is documented but not served";
}

}  // namespace
}  // namespace lenslet::api
