// What the binding's source files share: the per-environment state, the
// errors they throw, and the closing of libuv handles in a way a worker
// thread's teardown can wait for (Node aborts when a loop still has open
// handles at uv_loop_close).
#ifndef SAFESPAWN_ADDON_H
#define SAFESPAWN_ADDON_H

#include <napi.h>
#include <uv.h>

#include <string>
#include <unordered_set>
#include <vector>

extern "C" {
#include "../safespawn.h"
}

namespace ss_node {

// Something that owns open uv handles: at teardown it closes them, through CloseUv.
struct Closer {
  virtual void CloseForTeardown() = 0;
  virtual ~Closer() = default;
};

struct AsyncState;

// Per addon instance (the main thread, each worker thread).
struct AddonData {
  Napi::FunctionReference child_ctor;
  Napi::FunctionReference pipe_ctor;
  Napi::FunctionReference pipe_onread, pipe_onwrite; // set once by the JS layer
  AsyncState *async = nullptr;
  std::unordered_set<Closer *> live;
  long closing = 0;     // uv_close calls not yet called back
  bool ending = false;  // the environment is being torn down
  napi_async_cleanup_hook_handle hook = nullptr;
  std::vector<char> scratch; // read buffer, shared by this environment's pipes
};

AddonData *Data(Napi::Env env);

// uv_close(h); `done` (may be null) runs in the close callback, with h->data
// as it was.  Counted, so that teardown ends only when every close is done.
void CloseUv(AddonData *d, uv_handle_t *h, void (*done)(uv_handle_t *));

// f.MakeCallback(recv, args) from a libuv callback.  A throw would stay
// pending in the napi_env (and make its next call fail fatally): it goes to
// 'uncaughtException', as a throw in an event handler does.  False if it threw.
bool CallFromLoop(Napi::Env env, const Napi::FunctionReference &f, napi_value recv,
                  const std::initializer_list<napi_value> &args);

// False while JS cannot run (a worker being terminated): a libuv callback then
// stops its watch and does nothing (the teardown closes it), because a napi
// call failing there would be fatal to the process.
bool CanRunJs(napi_env env);

std::string ErrName(int e);
Napi::Error ErrnoError(Napi::Env env, int e, const std::string &what);
// A failed spawn: errno, step (action index or SS_STEP_*), kind; fd: the
// child descriptor that action was for, or -1.
Napi::Error SpawnError(Napi::Env env, const std::string &file, const ss_error &se, int fd = -1);

// argv / envp owned as strings, exposed as the char*[] exec wants.
struct StringVec {
  std::vector<std::string> s;
  std::vector<char *> p;
  char *const *Get() {
    p.clear();
    for (auto &x : s) p.push_back(const_cast<char *>(x.c_str()));
    p.push_back(nullptr);
    return p.data();
  }
};

bool ReadStrings(Napi::Env env, Napi::Value v, StringVec *out, const char *what);

// A wrapped ss_child (the Child class of safespawn_node.cc).
Napi::Object NewChild(Napi::Env env, const ss_child &c);

// One request on this environment's helper-thread spawner.  The completion
// closes close_after, then calls cb(err, child) (with_ends: cb(err, child, ends)).
struct Pending {
  Napi::FunctionReference cb;
  std::string file;
  std::vector<int> close_after;
  std::vector<int> action_fd; // per action: the child fd it sets up, or -1
  std::vector<int> ends;      // written by the spawn: our ends of its socket pairs
  bool with_ends = false;     // cb(err, child, ends)
};
// ss_spawn_async through the environment's spawner (created on first use).
// Takes p on success; on failure returns the errno and p is the caller's.
int QueueSpawn(Napi::Env env, const std::string &file, const ss_actions *fa, char *const argv[],
               char *const envp[], int flags, Pending *p);

void InitNodeSpawn(Napi::Env env, Napi::Object exports);
void InitPipe(Napi::Env env, Napi::Object exports);

} // namespace ss_node

#endif
