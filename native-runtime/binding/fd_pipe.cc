// Our end of a child's stdio socket pair, read and written on libuv's loop
// (uv_poll), for the Node streams of native-runtime/node.  Cheaper to make
// than a net.Socket (which costs ~15 µs each on this machine, three per
// spawn): part of keeping spawn()'s synchronous cost low.
//   new Pipe(fd); readStart(); readStop(); write(buf) -> 0 written, 1 queued
//   (onwrite follows), -errno; shutdown() -> 0 | errno; close(); ref(); unref()
// setPipeCallbacks(onread, onwrite), once per environment:
//   onread.call(pipe, Buffer | null (EOF) | errno); onwrite.call(pipe, errno | 0)
#include "addon.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace ss_node {
namespace {

class Pipe : public Napi::ObjectWrap<Pipe>, public Closer {
 public:
  static Napi::Function Init(Napi::Env env, AddonData *data) {
    Napi::Function f =
        DefineClass(env, "Pipe",
                    {InstanceAccessor<&Pipe::Fd>("fd"), InstanceMethod<&Pipe::ReadStart>("readStart"),
                     InstanceMethod<&Pipe::ReadStop>("readStop"), InstanceMethod<&Pipe::Write>("write"),
                     InstanceMethod<&Pipe::Shutdown>("shutdown"), InstanceMethod<&Pipe::Close>("close"),
                     InstanceMethod<&Pipe::Ref>("ref"), InstanceMethod<&Pipe::Unref>("unref")});
    data->pipe_ctor = Napi::Persistent(f);
    return f;
  }

  Pipe(const Napi::CallbackInfo &info) : Napi::ObjectWrap<Pipe>(info), data_(Data(info.Env())) {
    if (info.Length() < 1 || !info[0].IsNumber()) {
      Napi::TypeError::New(info.Env(), "new Pipe(fd)").ThrowAsJavaScriptException();
      return;
    }
    fd_ = info[0].As<Napi::Number>().Int32Value();
    data_->live.insert(this); // till closed: a teardown closes the descriptor
  }

  ~Pipe() override {
    // Unreachable, so not polling (self_ holds us while we poll).  After a
    // teardown everything is closed already, and data_ may be gone.
    if (fd_ < 0) return;
    data_->live.erase(this);
    if (poll_) CloseUv(data_, reinterpret_cast<uv_handle_t *>(poll_), DeletePoll);
    close(fd_);
  }

  void CloseForTeardown() override {
    if (poll_) {
      uv_poll_stop(poll_);
      CloseUv(data_, reinterpret_cast<uv_handle_t *>(poll_), DeletePoll);
      poll_ = nullptr;
    }
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
    wbuf_.Reset();
    self_.Reset();
  }

 private:
  AddonData *data_;
  int fd_ = -1;
  uv_poll_t *poll_ = nullptr;
  int events_ = 0;
  bool reading_ = false, eof_ = false, refed_ = true;
  Napi::Reference<Napi::Value> wbuf_; // a queued write's buffer, kept alive
  const char *wdata_ = nullptr;
  size_t wlen_ = 0, woff_ = 0;
  Napi::ObjectReference self_;

  static void DeletePoll(uv_handle_t *h) { delete reinterpret_cast<uv_poll_t *>(h); }

  Napi::Value Fd(const Napi::CallbackInfo &info) { return Napi::Number::New(info.Env(), fd_); }

  // Poll for what is wanted now; 0 or an errno.
  int Update() {
    if (fd_ < 0) return EBADF;
    int ev = (reading_ && !eof_ ? UV_READABLE : 0) | (wlen_ ? UV_WRITABLE : 0);
    if (ev == events_) return 0;
    if (ev && !poll_) {
      uv_loop_t *loop = nullptr;
      napi_get_uv_event_loop(Env(), &loop);
      poll_ = new uv_poll_t;
      int r = uv_poll_init(loop, poll_, fd_);
      if (r) {
        delete poll_;
        poll_ = nullptr;
        return -r;
      }
      poll_->data = this;
      if (!refed_) uv_unref(reinterpret_cast<uv_handle_t *>(poll_));
    }
    if (ev) {
      int r = uv_poll_start(poll_, ev, OnPoll);
      if (r) return -r;
      if (self_.IsEmpty()) self_ = Napi::Persistent(Value());
    } else {
      uv_poll_stop(poll_);
      self_.Reset();
    }
    events_ = ev;
    return 0;
  }

  bool CallRead(Napi::Object self, napi_value arg) { return CallFromLoop(Env(), data_->pipe_onread, self, {arg}); }

  static void OnPoll(uv_poll_t *h, int status, int events) {
    Pipe *p = static_cast<Pipe *>(h->data);
    Napi::Env env = p->Env();
    if (!CanRunJs(env)) {
      uv_poll_stop(h);
      p->events_ = 0;
      return;
    }
    Napi::HandleScope scope(env);
    Napi::Object self = p->Value(); // alive through the callbacks below
    if (status < 0) {
      events = (p->events_ & UV_READABLE ? UV_READABLE : 0) | (p->events_ & UV_WRITABLE ? UV_WRITABLE : 0);
      if (events & UV_WRITABLE) p->WriteDone(self, -status);
      if (p->fd_ >= 0 && p->reading_) {
        p->eof_ = true;
        p->Update();
        p->CallRead(self, Napi::Number::New(env, -status));
      }
      return;
    }
    if ((events & UV_WRITABLE) && p->wlen_) p->FlushWrite(self);
    if ((events & (UV_READABLE | UV_DISCONNECT)) && p->reading_ && !p->eof_ && p->fd_ >= 0) p->DoRead(self);
  }

  void DoRead(Napi::Object self) {
    Napi::Env env = Env();
    std::vector<char> &buf = data_->scratch;
    for (int i = 0; i < 32 && reading_ && fd_ >= 0; i++) {
      ssize_t n = read(fd_, buf.data(), buf.size());
      if (n > 0) {
        if (!CallRead(self, Napi::Buffer<char>::Copy(env, buf.data(), (size_t)n))) break;
        if ((size_t)n < buf.size()) break; // drained, most likely: save the EAGAIN read
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && errno == EAGAIN) break;
      int e = n == 0 ? 0 : errno;
      eof_ = true;
      Update();
      CallRead(self, e ? Napi::Number::New(env, e).operator napi_value() : env.Null().operator napi_value());
      break;
    }
  }

  Napi::Value ReadStart(const Napi::CallbackInfo &info) {
    reading_ = true;
    return Napi::Number::New(info.Env(), Update());
  }

  Napi::Value ReadStop(const Napi::CallbackInfo &info) {
    reading_ = false;
    return Napi::Number::New(info.Env(), Update());
  }

  // 0 all sent, or an errno (EAGAIN: some left, woff_ says how far).
  int Send() {
    while (woff_ < wlen_) {
      ssize_t n = send(fd_, wdata_ + woff_, wlen_ - woff_, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n < 0 && errno == ENOTSOCK) n = write(fd_, wdata_ + woff_, wlen_ - woff_);
      if (n >= 0) {
        woff_ += (size_t)n;
        continue;
      }
      if (errno == EINTR) continue;
      return errno;
    }
    return 0;
  }

  void WriteDone(Napi::Object self, int err) {
    wbuf_.Reset();
    wdata_ = nullptr;
    wlen_ = woff_ = 0;
    Update();
    CallFromLoop(Env(), data_->pipe_onwrite, self, {Napi::Number::New(Env(), err)});
  }

  void FlushWrite(Napi::Object self) {
    int r = Send();
    if (r != EAGAIN) WriteDone(self, r);
  }

  Napi::Value Write(const Napi::CallbackInfo &info) {
    Napi::Env env = info.Env();
    if (info.Length() < 1 || !info[0].IsBuffer()) {
      Napi::TypeError::New(env, "write(buffer)").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    if (fd_ < 0) return Napi::Number::New(env, -EBADF);
    if (wlen_) return Napi::Number::New(env, -EBUSY); // one write at a time
    Napi::Buffer<char> b = info[0].As<Napi::Buffer<char>>();
    wdata_ = b.Data();
    wlen_ = b.Length();
    woff_ = 0;
    int r = Send();
    if (r == 0 || r != EAGAIN) {
      wdata_ = nullptr;
      wlen_ = woff_ = 0;
      return Napi::Number::New(env, -r);
    }
    wbuf_ = Napi::Persistent(info[0]);
    r = Update();
    if (r) {
      wbuf_.Reset();
      wdata_ = nullptr;
      wlen_ = woff_ = 0;
      return Napi::Number::New(env, -r);
    }
    return Napi::Number::New(env, 1);
  }

  // The child reads EOF; we may go on reading (a duplex pipe).
  Napi::Value Shutdown(const Napi::CallbackInfo &info) {
    int r = fd_ < 0 ? EBADF : shutdown(fd_, SHUT_WR) == 0 ? 0 : errno;
    if (r == ENOTSOCK) r = 0;
    return Napi::Number::New(info.Env(), r);
  }

  Napi::Value Close(const Napi::CallbackInfo &info) {
    if (fd_ < 0) return info.Env().Undefined();
    if (poll_) { // out of epoll before the close (see Child::OnExit)
      uv_poll_stop(poll_);
      CloseUv(data_, reinterpret_cast<uv_handle_t *>(poll_), DeletePoll);
      poll_ = nullptr;
    }
    data_->live.erase(this);
    events_ = 0;
    close(fd_);
    fd_ = -1;
    wbuf_.Reset();
    wdata_ = nullptr;
    wlen_ = woff_ = 0;
    self_.Reset();
    return info.Env().Undefined();
  }

  Napi::Value Ref(const Napi::CallbackInfo &info) {
    refed_ = true;
    if (poll_) uv_ref(reinterpret_cast<uv_handle_t *>(poll_));
    return info.Env().Undefined();
  }
  Napi::Value Unref(const Napi::CallbackInfo &info) {
    refed_ = false;
    if (poll_) uv_unref(reinterpret_cast<uv_handle_t *>(poll_));
    return info.Env().Undefined();
  }
};

Napi::Value SetPipeCallbacks(const Napi::CallbackInfo &info) {
  if (info.Length() < 2 || !info[0].IsFunction() || !info[1].IsFunction()) {
    Napi::TypeError::New(info.Env(), "setPipeCallbacks(onread, onwrite)").ThrowAsJavaScriptException();
    return info.Env().Undefined();
  }
  AddonData *d = Data(info.Env());
  d->pipe_onread = Napi::Persistent(info[0].As<Napi::Function>());
  d->pipe_onwrite = Napi::Persistent(info[1].As<Napi::Function>());
  return info.Env().Undefined();
}

} // namespace

void InitPipe(Napi::Env env, Napi::Object exports) {
  exports.Set("Pipe", Pipe::Init(env, Data(env)));
  exports.Set("setPipeCallbacks", Napi::Function::New(env, SetPipeCallbacks));
}

} // namespace ss_node
