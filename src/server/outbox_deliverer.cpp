// The server's delivery schedule.
#include "server/outbox_deliverer.h"

#include <ctime>
#include <iostream>

#include "store/open_store.h"

namespace mercato::server {

Result<std::unique_ptr<OutboxDeliverer>> OutboxDeliverer::Start(app::DeliverOutboxOptions options,
                                                                std::chrono::seconds every) {
  ASSIGN_OR_RETURN(delivery::DelivererOptions settings, app::DelivererOptionsOf(options));
  ASSIGN_OR_RETURN(std::unique_ptr<delivery::Sink> sink, app::OpenOutboxSink(options));
  ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenStore(options.db));
  auto deliverer =
      std::make_unique<delivery::Deliverer>(*store, std::move(sink), std::move(settings));
  return std::unique_ptr<OutboxDeliverer>(
      new OutboxDeliverer(std::move(store), std::move(deliverer), every));
}

OutboxDeliverer::OutboxDeliverer(std::unique_ptr<Store> store,
                                 std::unique_ptr<delivery::Deliverer> deliverer,
                                 std::chrono::seconds every)
    : store_(std::move(store)),
      deliverer_(std::move(deliverer)),
      every_(every),
      thread_([this] { Loop(); }) {}

OutboxDeliverer::~OutboxDeliverer() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void OutboxDeliverer::Loop() {
  std::unique_lock lock(mu_);
  do {
    lock.unlock();
    Run();
    lock.lock();
  } while (!cv_.wait_for(lock, every_, [this] { return stopping_; }));
}

void OutboxDeliverer::Run() {
  delivery::DeliveryRound total;
  Status status;
  for (;;) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) break;
    }
    const auto now = static_cast<Timestamp>(std::time(nullptr));
    Result<delivery::DeliveryRound> round = deliverer_->RunOnce(now, 0);
    if (!round.ok()) {
      status = round.status();
      break;
    }
    total.Add(*round);
    if (round->claimed == 0) break;
  }
  std::lock_guard lock(mu_);
  ++state_.runs;
  state_.last_run = static_cast<Timestamp>(std::time(nullptr));
  state_.totals.Add(total);
  if (!status.ok()) {
    ++state_.failures;
    state_.last_failure = status.message();
    std::cerr << "mercato serve: outbox delivery failed (the messages stay in the outbox): "
              << status.message() << "\n";
  }
}

OutboxDeliverer::State OutboxDeliverer::state() const {
  std::lock_guard lock(mu_);
  return state_;
}

}  // namespace mercato::server
