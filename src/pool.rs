//! A bounded pool of worker threads that run compile jobs on a shared [`Engine`].
//!
//! Typst compiles are CPU-bound and take milliseconds, so they never run on an async runtime's
//! threads: the HTTP server and the batch command both hand jobs to this pool. The queue in front
//! of the workers is bounded, so a flood of requests is refused (`try_submit`) or waits
//! (`submit`) instead of piling up in memory.
//!
//! Every job answers exactly once ([`Job`]): with its result, or with a [`JobError`] when it
//! panicked, when its deadline passed before a worker took it, or when it ran past the pool's
//! time limit. Typst has no way to stop a compile from outside (no deadline, fuel or interrupt in
//! its engine, and a runaway layout calls nothing of the `World` that could stop it), so a job
//! past the time limit is *abandoned*: a watchdog answers for it, retires its thread (which runs
//! on until the job returns, or until the process ends) and starts a fresh worker in its place,
//! so the pool keeps its capacity. Only ending the process frees an abandoned thread and its
//! memory; [`WorkerPool::stuck`] and [`WorkerPool::abandoned`] let the owner decide when to.

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::Engine;

/// How long a job may run before it is abandoned, unless the pool is given another limit. A
/// document of 200 pages takes seconds; a template that loops took 20 s and 1.1 GB for one.
pub const DEFAULT_TIME_LIMIT: Duration = Duration::from_secs(60);

/// Why a job gave no result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobError {
    /// The job panicked (a fault of the typesetter or of xuncha, often set off by a template's
    /// Typst code); the panic's message.
    Panicked(String),
    /// The job ran longer than the pool's time limit and was abandoned.
    TimedOut(Duration),
    /// The job's deadline passed before a worker took it; it never ran.
    Expired,
    /// The job was dropped without running or being abandoned (a fault of the pool's, which
    /// the answer reports rather than leave its caller waiting).
    Lost,
}

impl std::fmt::Display for JobError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JobError::Panicked(message) => write!(f, "the job panicked: {message}"),
            JobError::TimedOut(limit) => {
                write!(f, "the job ran past its {} s limit", limit.as_secs_f64())
            }
            JobError::Expired => f.write_str("the job's deadline passed before it started"),
            JobError::Lost => f.write_str("the job was lost before it answered"),
        }
    }
}

/// The queue is full; the job was not accepted.
#[derive(Debug, thiserror::Error)]
#[error("the render queue is full")]
pub struct QueueFull;

/// A unit of work and whom to tell how it went: `answer` is called exactly once, with the
/// work's result or the reason there is none.
pub struct Job {
    run: Box<dyn FnOnce(&Engine) + Send>,
    abandon: Box<dyn FnOnce(JobError) + Send>,
    expires: Option<Instant>,
}

impl Job {
    /// A job that runs `work` on a worker and calls `answer` with its result, or with why there
    /// is none.
    pub fn new<T: 'static>(
        work: impl FnOnce(&Engine) -> T + Send + 'static,
        answer: impl FnOnce(Result<T, JobError>) + Send + 'static,
    ) -> Self {
        let once = Arc::new(AnswerOnce(Mutex::new(Some(Box::new(answer)))));
        let abandoned = Arc::clone(&once);
        Self {
            run: Box::new(move |engine| {
                let result = catch_unwind(AssertUnwindSafe(|| work(engine)))
                    .map_err(|payload| JobError::Panicked(panic_message(payload.as_ref())));
                once.give(result);
            }),
            abandon: Box::new(move |error| abandoned.give(Err(error))),
            expires: None,
        }
    }

    /// Makes the job expire (answer [`JobError::Expired`] without running) if no worker has
    /// taken it by `deadline`.
    pub fn expires(mut self, deadline: Option<Instant>) -> Self {
        self.expires = deadline;
        self
    }
}

/// A job's answer, called once: by the worker with the result, by the watchdog or the queue
/// with why there is none, or, should the job ever be dropped unanswered, with
/// [`JobError::Lost`] (so that whoever waits for it is never left waiting).
struct AnswerOnce<T>(Mutex<Option<Answer<T>>>);

/// Whom to tell how a job went.
type Answer<T> = Box<dyn FnOnce(Result<T, JobError>) + Send>;

impl<T> AnswerOnce<T> {
    /// Calls the answer, unless it was called already.
    fn give(&self, result: Result<T, JobError>) {
        let answer = lock(&self.0).take();
        if let Some(answer) = answer {
            answer(result);
        }
    }
}

impl<T> Drop for AnswerOnce<T> {
    fn drop(&mut self) {
        let answer = self
            .0
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(answer) = answer {
            tracing::error!("a job was dropped without an answer; it fails as lost");
            answer(Err(JobError::Lost));
        }
    }
}

/// The text of a panic's payload (`panic!` with a message, `assert!`, `expect`).
fn panic_message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "（无说明）".to_string())
}

/// Locks a mutex whose data stays consistent even if a holder panicked (the pool never panics
/// while holding one, and jobs run outside every lock).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// What the watchdog knows of the job a worker is running.
struct Running {
    /// When it must be done.
    bound: Instant,
    /// Answers for the job if it is abandoned.
    abandon: Box<dyn FnOnce(JobError) + Send>,
}

/// One worker thread's state, shared with the watchdog.
#[derive(Default)]
struct Slot {
    running: Option<Running>,
    /// The watchdog gave up on this worker's job and started another worker.
    retired: bool,
}

/// What the pool, its workers and its watchdog share.
struct Shared {
    engine: Arc<Engine>,
    receiver: Mutex<Receiver<Job>>,
    time_limit: Duration,
    queued: AtomicUsize,
    busy: AtomicUsize,
    stuck: AtomicUsize,
    abandoned: AtomicUsize,
    /// Workers, with the watchdog's view of each; guarded together with `live` and `closing`.
    state: Mutex<State>,
    /// Wakes the watchdog (a job started, the pool closes) and the pool's drop (a worker left).
    changed: Condvar,
    /// Tells async owners that a worker was abandoned.
    stuck_notice: tokio::sync::Notify,
}

#[derive(Default)]
struct State {
    slots: Vec<Arc<Mutex<Slot>>>,
    /// Workers that take jobs (not retired, not exited).
    live: usize,
    /// Names the next worker thread.
    started: usize,
    closing: bool,
}

/// A fixed number of worker threads behind a bounded queue, kept at that number by a watchdog
/// that replaces a worker whose job runs past the time limit.
pub struct WorkerPool {
    sender: Option<SyncSender<Job>>,
    shared: Arc<Shared>,
    watchdog: Option<JoinHandle<()>>,
    workers: usize,
    queue_capacity: usize,
}

impl WorkerPool {
    /// Starts `workers` threads (at least one) sharing `engine`, with room for `queue_capacity`
    /// waiting jobs and [`DEFAULT_TIME_LIMIT`] for each job.
    pub fn new(engine: Arc<Engine>, workers: usize, queue_capacity: usize) -> Self {
        Self::with_time_limit(engine, workers, queue_capacity, DEFAULT_TIME_LIMIT)
    }

    /// As [`WorkerPool::new`], abandoning a job that runs longer than `time_limit`.
    pub fn with_time_limit(
        engine: Arc<Engine>,
        workers: usize,
        queue_capacity: usize,
        time_limit: Duration,
    ) -> Self {
        let (sender, receiver) = mpsc::sync_channel::<Job>(queue_capacity);
        let shared = Arc::new(Shared {
            engine,
            receiver: Mutex::new(receiver),
            time_limit,
            queued: AtomicUsize::new(0),
            busy: AtomicUsize::new(0),
            stuck: AtomicUsize::new(0),
            abandoned: AtomicUsize::new(0),
            state: Mutex::new(State::default()),
            changed: Condvar::new(),
            stuck_notice: tokio::sync::Notify::new(),
        });
        let workers = workers.max(1);
        {
            let mut state = lock(&shared.state);
            for _ in 0..workers {
                start_worker(&shared, &mut state);
            }
        }
        let watchdog = {
            let shared = Arc::clone(&shared);
            std::thread::Builder::new()
                .name("xuncha-watchdog".into())
                .spawn(move || watch(&shared))
                .expect("cannot start the pool's watchdog")
        };
        Self {
            sender: Some(sender),
            shared,
            watchdog: Some(watchdog),
            workers,
            queue_capacity,
        }
    }

    /// The number of cores, the default number of workers.
    pub fn default_workers() -> usize {
        std::thread::available_parallelism().map_or(1, usize::from)
    }

    /// Queues a job, waiting while the queue is full.
    pub fn submit(&self, job: Job) {
        self.shared.queued.fetch_add(1, Ordering::SeqCst);
        if self.sender().send(job).is_err() {
            unreachable!("workers live as long as the pool");
        }
    }

    /// Queues a job, or refuses it at once when the queue is full.
    pub fn try_submit(&self, job: Job) -> Result<(), QueueFull> {
        self.shared.queued.fetch_add(1, Ordering::SeqCst);
        match self.sender().try_send(job) {
            Ok(()) => Ok(()),
            Err(TrySendError::Full(job)) => {
                self.shared.queued.fetch_sub(1, Ordering::SeqCst);
                // Answered as never run, so that it is not reported lost; the caller has the
                // refusal.
                (job.abandon)(JobError::Expired);
                Err(QueueFull)
            }
            Err(TrySendError::Disconnected(_)) => unreachable!("workers live as long as the pool"),
        }
    }

    /// Jobs waiting for a worker.
    pub fn queued(&self) -> usize {
        self.shared.queued.load(Ordering::SeqCst)
    }

    /// Workers running a job right now (abandoned ones not counted).
    pub fn busy(&self) -> usize {
        self.shared.busy.load(Ordering::SeqCst)
    }

    /// Abandoned jobs still running on their retired threads: each holds a core and its memory
    /// until it returns or the process ends.
    pub fn stuck(&self) -> usize {
        self.shared.stuck.load(Ordering::SeqCst)
    }

    /// Jobs abandoned since the pool started.
    pub fn abandoned(&self) -> usize {
        self.shared.abandoned.load(Ordering::SeqCst)
    }

    /// Completes once a job has been abandoned (at once if one was).
    pub async fn first_abandoned(&self) {
        loop {
            let notice = self.shared.stuck_notice.notified();
            if self.abandoned() > 0 {
                return;
            }
            notice.await;
        }
    }

    /// Number of worker threads taking jobs.
    pub fn workers(&self) -> usize {
        self.workers
    }

    /// How many jobs may wait.
    pub fn queue_capacity(&self) -> usize {
        self.queue_capacity
    }

    /// How long a job may run.
    pub fn time_limit(&self) -> Duration {
        self.shared.time_limit
    }

    fn sender(&self) -> &SyncSender<Job> {
        self.sender
            .as_ref()
            .expect("the sender is only taken on drop")
    }
}

impl Drop for WorkerPool {
    /// Lets the workers finish every queued job (the watchdog still replacing any that gets
    /// stuck), then stops the watchdog. Abandoned threads are not waited for.
    fn drop(&mut self) {
        self.sender = None;
        let mut state = lock(&self.shared.state);
        while state.live > 0 {
            state = self
                .shared
                .changed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        state.closing = true;
        drop(state);
        self.shared.changed.notify_all();
        if let Some(watchdog) = self.watchdog.take() {
            let _ = watchdog.join();
        }
    }
}

/// Starts one more worker thread.
fn start_worker(shared: &Arc<Shared>, state: &mut State) {
    let slot = Arc::new(Mutex::new(Slot::default()));
    state.slots.push(Arc::clone(&slot));
    state.live += 1;
    let n = state.started;
    state.started += 1;
    let shared = Arc::clone(shared);
    std::thread::Builder::new()
        .name(format!("xuncha-worker-{n}"))
        .spawn(move || work(&shared, &slot))
        .expect("cannot start a worker thread");
}

fn work(shared: &Shared, slot: &Mutex<Slot>) {
    loop {
        // The lock is held only while waiting for the next job, not while running it.
        let job = lock(&shared.receiver).recv();
        let Ok(job) = job else { break };
        shared.queued.fetch_sub(1, Ordering::SeqCst);
        if job
            .expires
            .is_some_and(|deadline| Instant::now() >= deadline)
        {
            (job.abandon)(JobError::Expired);
            continue;
        }
        shared.busy.fetch_add(1, Ordering::SeqCst);
        lock(slot).running = Some(Running {
            bound: Instant::now() + shared.time_limit,
            abandon: job.abandon,
        });
        // Under the state lock, so that the watchdog either sees the job or gets the wake-up.
        drop(lock(&shared.state));
        shared.changed.notify_all();
        // `run` catches the job's panic, so the worker survives it.
        (job.run)(&shared.engine);
        let mut slot = lock(slot);
        if slot.retired {
            // The watchdog answered for this job and a fresh worker took this one's place.
            shared.stuck.fetch_sub(1, Ordering::SeqCst);
            return;
        }
        slot.running = None;
        shared.busy.fetch_sub(1, Ordering::SeqCst);
    }
    lock(&shared.state).live -= 1;
    shared.changed.notify_all();
}

/// The watchdog: abandons every job past its bound and puts a fresh worker in its place.
fn watch(shared: &Arc<Shared>) {
    let mut state = lock(&shared.state);
    loop {
        if state.closing {
            return;
        }
        let now = Instant::now();
        let mut next: Option<Instant> = None;
        let mut overdue = Vec::new();
        for slot in &state.slots {
            let mut slot = lock(slot);
            match &slot.running {
                Some(running) if running.bound <= now && !slot.retired => {
                    slot.retired = true;
                    overdue.push(slot.running.take().expect("just matched").abandon);
                }
                Some(running) => next = Some(next.map_or(running.bound, |n| n.min(running.bound))),
                None => {}
            }
        }
        state.slots.retain(|slot| !lock(slot).retired);
        for _ in &overdue {
            shared.busy.fetch_sub(1, Ordering::SeqCst);
            shared.stuck.fetch_add(1, Ordering::SeqCst);
            shared.abandoned.fetch_add(1, Ordering::SeqCst);
            state.live -= 1;
            start_worker(shared, &mut state);
        }
        if !overdue.is_empty() {
            drop(state);
            for abandon in overdue {
                abandon(JobError::TimedOut(shared.time_limit));
            }
            tracing::error!(
                limit_seconds = shared.time_limit.as_secs_f64(),
                "a job ran past its time limit: it was abandoned and a fresh worker started; \
                 its thread runs on until the process ends"
            );
            shared.stuck_notice.notify_waiters();
            state = lock(&shared.state);
            continue;
        }
        state = match next {
            Some(bound) => {
                let wait = bound.saturating_duration_since(Instant::now());
                shared
                    .changed
                    .wait_timeout(state, wait)
                    .unwrap_or_else(PoisonError::into_inner)
                    .0
            }
            None => shared
                .changed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::EngineConfig;

    fn engine() -> Arc<Engine> {
        Arc::new(Engine::new(&EngineConfig::bundled()).unwrap())
    }

    #[test]
    fn runs_every_job_and_refuses_when_full() {
        let pool = WorkerPool::new(engine(), 2, 1);
        let (done, results) = mpsc::channel();
        let (release, gate) = mpsc::channel::<()>();
        let gate = Arc::new(Mutex::new(gate));
        // Two blocked workers and one queued job fill the pool.
        for _ in 0..2 {
            let gate = Arc::clone(&gate);
            let done = done.clone();
            pool.submit(Job::new(
                move |_| gate.lock().unwrap().recv().unwrap(),
                move |_| done.send(()).unwrap(),
            ));
        }
        while pool.busy() < 2 {
            std::thread::yield_now();
        }
        let queued_done = done.clone();
        pool.try_submit(Job::new(|_| (), move |_| queued_done.send(()).unwrap()))
            .unwrap();
        assert_eq!(pool.queued(), 1);
        assert!(pool.try_submit(Job::new(|_| (), |_| ())).is_err());
        for _ in 0..2 {
            release.send(()).unwrap();
        }
        for _ in 0..3 {
            results.recv().unwrap();
        }
        drop(pool);
        assert!(results.try_recv().is_err());
    }

    #[test]
    fn a_panic_answers_and_the_worker_goes_on() {
        let pool = WorkerPool::new(engine(), 1, 4);
        let (answers, answered) = mpsc::channel();
        for n in 0..3 {
            let answers = answers.clone();
            pool.submit(Job::new(
                move |_| {
                    assert!(n != 1, "job {n} breaks");
                    n
                },
                move |result| answers.send(result).unwrap(),
            ));
        }
        let got: Vec<_> = answered.iter().take(3).collect();
        assert_eq!(got[0], Ok(0));
        assert_eq!(got[1], Err(JobError::Panicked("job 1 breaks".into())));
        assert_eq!(got[2], Ok(2));
    }

    #[test]
    fn a_job_past_the_limit_is_abandoned_and_its_worker_replaced() {
        let limit = Duration::from_millis(200);
        let pool = WorkerPool::with_time_limit(engine(), 1, 4, limit);
        let (release, gate) = mpsc::channel::<()>();
        let (answers, answered) = mpsc::channel();
        let stuck_answers = answers.clone();
        pool.submit(Job::new(
            move |_| gate.recv().unwrap(),
            move |result| stuck_answers.send(result.map(|()| 0)).unwrap(),
        ));
        let late = answers.clone();
        pool.submit(
            Job::new(|_| 1, move |result| late.send(result).unwrap())
                .expires(Some(Instant::now() + Duration::from_millis(50))),
        );
        pool.submit(Job::new(|_| 2, move |result| answers.send(result).unwrap()));
        let started = Instant::now();
        assert_eq!(answered.recv().unwrap(), Err(JobError::TimedOut(limit)));
        assert!(started.elapsed() >= limit - Duration::from_millis(20));
        assert_eq!(answered.recv().unwrap(), Err(JobError::Expired));
        assert_eq!(answered.recv().unwrap(), Ok(2), "a fresh worker took over");
        while pool.busy() > 0 {
            std::thread::yield_now();
        }
        assert_eq!((pool.stuck(), pool.abandoned()), (1, 1));
        release.send(()).unwrap();
        while pool.stuck() > 0 {
            std::thread::yield_now();
        }
        assert_eq!(pool.abandoned(), 1);
        drop(pool);
    }

    #[test]
    fn dropping_the_pool_does_not_wait_for_an_abandoned_job() {
        let pool = WorkerPool::with_time_limit(engine(), 1, 1, Duration::from_millis(100));
        let (_never, gate) = mpsc::channel::<()>();
        let (answers, answered) = mpsc::channel();
        pool.submit(Job::new(
            move |_| {
                let _ = gate.recv();
            },
            move |result| answers.send(result).unwrap(),
        ));
        assert!(matches!(answered.recv(), Ok(Err(JobError::TimedOut(_)))));
        drop(pool);
    }

    #[test]
    fn a_job_dropped_unanswered_answers_lost() {
        let (answers, answered) = mpsc::channel();
        let job = Job::new(|_| 1, move |result| answers.send(result).unwrap());
        drop(job);
        assert_eq!(answered.recv().unwrap(), Err(JobError::Lost));
    }

    #[test]
    fn a_job_answers_once_whether_it_ran_or_was_abandoned() {
        let engine = engine();
        let (answers, answered) = mpsc::channel();
        let job = Job::new(|_| 7, move |result| answers.send(result).unwrap());
        (job.abandon)(JobError::Expired);
        (job.run)(&engine);
        assert_eq!(answered.recv().unwrap(), Err(JobError::Expired));
        assert!(answered.try_recv().is_err(), "answered twice");
    }
}
