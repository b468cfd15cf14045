#include "realtime/redis/testing/redis_fixture.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <thread>
#include <vector>

namespace lenslet::realtime::redis::testing {
namespace {

using namespace std::chrono_literals;

sockaddr_in Loopback(int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  return address;
}

bool Accepts(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address = Loopback(port);
  const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
  close(fd);
  return ok;
}

}  // namespace

bool WaitUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return condition();
}

void RedisTest::SetUp() {
  const char* url = std::getenv("LENSLET_TEST_REDIS_URL");
  if (url == nullptr || *url == '\0') {
    const char* allow = std::getenv("LENSLET_ALLOW_NO_REDIS");
    if (allow != nullptr && std::string(allow) == "1") GTEST_SKIP() << "LENSLET_ALLOW_NO_REDIS=1: no Redis, skipped";
    FAIL() << "LENSLET_TEST_REDIS_URL is not set. Start a Redis for the tests with\n"
              "  export LENSLET_TEST_REDIS_URL=\"$(scripts/redis-test-server.sh start /tmp/lenslet-redis)\"\n"
              "or set LENSLET_ALLOW_NO_REDIS=1 to skip these tests on purpose.";
  }
  redis_url_ = url;
}

int FreePort() {
  // Port 0: the kernel picks one that is free; it stays free after close()
  // unless another process takes it meanwhile, rare enough on a test machine.
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address = Loopback(0);
  socklen_t length = sizeof(address);
  const bool ok = bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
                  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
  close(fd);
  return ok ? ntohs(address.sin_port) : -1;
}

RedisProcess::RedisProcess() : port_(FreePort()) {}

RedisProcess::~RedisProcess() { Kill(); }

std::string RedisProcess::url() const { return "redis://127.0.0.1:" + std::to_string(port_); }

void RedisProcess::Start() {
  ASSERT_GT(port_, 0) << "no free port for a redis-server";
  const char* binary = std::getenv("LENSLET_REDIS_SERVER");
  const std::string program = binary != nullptr ? binary : "redis-server";
  const std::string port = std::to_string(port_);
  std::vector<std::string> args = {program, "--port", port, "--bind", "127.0.0.1", "--save", "",
                                   "--appendonly", "no", "--dir", "/tmp", "--loglevel", "warning"};
  // Built before fork(): the child of a threaded process may only exec.
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_ = fork();
  ASSERT_GE(pid_, 0) << "fork failed";
  if (pid_ == 0) {
    // Dies with the test even when the test cannot clean up (a crash, an
    // ASan abort), instead of holding the port and the test's output pipe.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  ASSERT_TRUE(WaitUntil([&] { return Accepts(port_); }, 5s)) << program << " did not listen on " << port_;
}

void RedisProcess::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

}  // namespace lenslet::realtime::redis::testing
