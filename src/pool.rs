//! A bounded pool of worker threads that run compile jobs on a shared [`Engine`].
//!
//! Typst compiles are CPU-bound and take milliseconds, so they never run on an async runtime's
//! threads: the HTTP server and the batch command both hand jobs to this pool. The queue in front
//! of the workers is bounded, so a flood of requests is refused (`try_submit`) or waits
//! (`submit`) instead of piling up in memory.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use crate::Engine;

/// A unit of work: it gets the engine and sends its result wherever it likes.
pub type Job = Box<dyn FnOnce(&Engine) + Send + 'static>;

/// The queue is full; the job was not accepted.
#[derive(Debug, thiserror::Error)]
#[error("the render queue is full")]
pub struct QueueFull;

/// Counters shared between the pool and its workers.
#[derive(Default)]
struct Counters {
    queued: AtomicUsize,
    busy: AtomicUsize,
}

/// A fixed number of worker threads behind a bounded queue.
pub struct WorkerPool {
    sender: Option<SyncSender<Job>>,
    workers: Vec<JoinHandle<()>>,
    counters: Arc<Counters>,
    queue_capacity: usize,
}

impl WorkerPool {
    /// Starts `workers` threads (at least one) sharing `engine`, with room for `queue_capacity`
    /// waiting jobs.
    pub fn new(engine: Arc<Engine>, workers: usize, queue_capacity: usize) -> Self {
        let (sender, receiver) = mpsc::sync_channel::<Job>(queue_capacity);
        let receiver = Arc::new(Mutex::new(receiver));
        let counters = Arc::new(Counters::default());
        let workers = (0..workers.max(1))
            .map(|n| {
                let engine = Arc::clone(&engine);
                let receiver = Arc::clone(&receiver);
                let counters = Arc::clone(&counters);
                std::thread::Builder::new()
                    .name(format!("xuncha-worker-{n}"))
                    .spawn(move || work(&engine, &receiver, &counters))
                    .expect("cannot start a worker thread")
            })
            .collect();
        Self {
            sender: Some(sender),
            workers,
            counters,
            queue_capacity,
        }
    }

    /// The number of cores, the default number of workers.
    pub fn default_workers() -> usize {
        std::thread::available_parallelism().map_or(1, usize::from)
    }

    /// Queues a job, waiting while the queue is full.
    pub fn submit(&self, job: Job) {
        self.counters.queued.fetch_add(1, Ordering::SeqCst);
        if self.sender().send(job).is_err() {
            unreachable!("workers live as long as the pool");
        }
    }

    /// Queues a job, or refuses it at once when the queue is full.
    pub fn try_submit(&self, job: Job) -> Result<(), QueueFull> {
        self.counters.queued.fetch_add(1, Ordering::SeqCst);
        match self.sender().try_send(job) {
            Ok(()) => Ok(()),
            Err(TrySendError::Full(_)) => {
                self.counters.queued.fetch_sub(1, Ordering::SeqCst);
                Err(QueueFull)
            }
            Err(TrySendError::Disconnected(_)) => unreachable!("workers live as long as the pool"),
        }
    }

    /// Jobs waiting for a worker.
    pub fn queued(&self) -> usize {
        self.counters.queued.load(Ordering::SeqCst)
    }

    /// Workers running a job right now.
    pub fn busy(&self) -> usize {
        self.counters.busy.load(Ordering::SeqCst)
    }

    /// Number of worker threads.
    pub fn workers(&self) -> usize {
        self.workers.len()
    }

    /// How many jobs may wait.
    pub fn queue_capacity(&self) -> usize {
        self.queue_capacity
    }

    fn sender(&self) -> &SyncSender<Job> {
        self.sender
            .as_ref()
            .expect("the sender is only taken on drop")
    }
}

impl Drop for WorkerPool {
    /// Lets the workers finish every queued job, then joins them.
    fn drop(&mut self) {
        self.sender = None;
        for worker in self.workers.drain(..) {
            let _ = worker.join();
        }
    }
}

fn work(engine: &Engine, receiver: &Mutex<Receiver<Job>>, counters: &Counters) {
    loop {
        // The lock is held only while waiting for the next job, not while running it.
        let job = match receiver.lock() {
            Ok(receiver) => receiver.recv(),
            Err(_) => return,
        };
        let Ok(job) = job else { return };
        counters.busy.fetch_add(1, Ordering::SeqCst);
        counters.queued.fetch_sub(1, Ordering::SeqCst);
        // A panic in one document must not take the worker down with it.
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job(engine)));
        counters.busy.fetch_sub(1, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::EngineConfig;

    #[test]
    fn runs_every_job_and_refuses_when_full() {
        let engine = Arc::new(Engine::new(&EngineConfig::bundled()).unwrap());
        let pool = WorkerPool::new(engine, 2, 1);
        let (done, results) = mpsc::channel();
        let (release, gate) = mpsc::channel::<()>();
        let gate = Arc::new(Mutex::new(gate));
        // Two blocked workers and one queued job fill the pool.
        for _ in 0..2 {
            let gate = Arc::clone(&gate);
            let done = done.clone();
            pool.submit(Box::new(move |_| {
                gate.lock().unwrap().recv().unwrap();
                done.send(()).unwrap();
            }));
        }
        while pool.busy() < 2 {
            std::thread::yield_now();
        }
        let queued_done = done.clone();
        pool.try_submit(Box::new(move |_| queued_done.send(()).unwrap()))
            .unwrap();
        assert_eq!(pool.queued(), 1);
        assert!(pool.try_submit(Box::new(|_| ())).is_err());
        for _ in 0..2 {
            release.send(()).unwrap();
        }
        for _ in 0..3 {
            results.recv().unwrap();
        }
        drop(pool);
        assert!(results.try_recv().is_err());
    }
}
