//! A client's TCP stream that the server can cut at any moment: when a client has not
//! logged in in time, opens no session, or stops reading what it is sent. Cutting
//! does not wait for the SSH session's own queue, which is exactly what is stuck when a
//! client stops reading.

use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// Cuts one connection; clones share it.
#[derive(Debug, Default, Clone)]
pub struct Cutter(Arc<CutState>);

#[derive(Debug, Default)]
struct CutState {
    cut: AtomicBool,
    waker: Mutex<Option<Waker>>,
}

impl Cutter {
    /// Ends the connection: its next read or write fails, and the task waiting on it
    /// wakes up to notice.
    pub fn cut(&self) {
        self.0.cut.store(true, Ordering::SeqCst);
        let waker = self
            .0
            .waker
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        if let Some(w) = waker {
            w.wake();
        }
    }

    pub fn is_cut(&self) -> bool {
        self.0.cut.load(Ordering::SeqCst)
    }

    fn check(&self, cx: &Context<'_>) -> Option<io::Error> {
        if self.is_cut() {
            return Some(io::Error::from(io::ErrorKind::ConnectionAborted));
        }
        *self
            .0
            .waker
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(cx.waker().clone());
        // Cut between the first look and keeping the waker: look again.
        self.is_cut()
            .then(|| io::Error::from(io::ErrorKind::ConnectionAborted))
    }
}

/// A stream with a cutter.
pub struct Cuttable<S> {
    inner: S,
    cutter: Cutter,
}

impl<S> Cuttable<S> {
    pub fn new(inner: S, cutter: Cutter) -> Cuttable<S> {
        Cuttable { inner, cutter }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Cuttable<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if let Some(e) = self.cutter.check(cx) {
            return Poll::Ready(Err(e));
        }
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Cuttable<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if let Some(e) = self.cutter.check(cx) {
            return Poll::Ready(Err(e));
        }
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if let Some(e) = self.cutter.check(cx) {
            return Poll::Ready(Err(e));
        }
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[test]
    fn a_cut_wakes_a_reader_that_waits_for_ever() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async {
            let (a, mut b) = tokio::io::duplex(64);
            let cutter = Cutter::default();
            let mut s = Cuttable::new(a, cutter.clone());
            b.write_all(b"hi").await.expect("write");
            let mut two = [0u8; 2];
            s.read_exact(&mut two).await.expect("read");
            assert_eq!(&two, b"hi");
            let reader = tokio::spawn(async move {
                let mut buf = [0u8; 8];
                s.read(&mut buf).await
            });
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            cutter.cut();
            let r = tokio::time::timeout(std::time::Duration::from_secs(2), reader)
                .await
                .expect("woken")
                .expect("joined");
            assert_eq!(r.expect_err("cut").kind(), io::ErrorKind::ConnectionAborted);
            drop(b);
        });
    }
}
