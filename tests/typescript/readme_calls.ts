// The README's supabase-js blocks, typed by types/database.types.ts: tests/test_types.py puts
// them where the marker is and compiles this with tsc --strict, which must pass.
import { createClient } from '@supabase/supabase-js'
import type { Database } from './database.types'

declare const bob: string, cat: string, groupId: string, userId: string, chatId: string
declare function showNotification(record: unknown): void
declare function showMessage(record: unknown): void
const supabase = createClient<Database>('http://localhost:54321', 'anon-key')

export async function readme(): Promise<unknown> {
  // README
  return { circleId, circles, feed, error }
}
