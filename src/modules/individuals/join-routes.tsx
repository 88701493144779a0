// Joining as an individual (I2): the page at /join/individual and the dues quote API. Routes are
// thin: parse, call the service, render. Salary goes only back to the person who typed it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../../lib/access.js';
import { AppError, type FieldErrors, fieldError } from '../../lib/errors.js';
import { errorShape } from '../../lib/http-errors.js';
import { cardPaymentsEnabled } from '../../lib/stripe.js';
import { pageContext, setFlash } from '../../web/context.js';
import { formValues } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { VERIFY_HOURS, verificationBrowser } from '../accounts/index.js';
import { type Answers, type DuesInputs, duesInputProblems, isEligible, MAX_SALARY_CENTS, quoteIndividualDues } from './dues.js';
import { answersOf, answersSchema, issuesToFields, optionalCount, optionalDollars, salaryDollars } from './inputs.js';
import { JoinPage, JoinSentPage, type JoinStage } from './join-views.js';
import { type Level, listLevels } from './levels.js';
import { checkJoin, joinIndividual, joinWithNewAccount } from './service.js';

// The steps' fields in two parts: what sets the price, and the account step's. A problem anywhere
// comes back on the furthest step the form had shown (`shownStage`), with every field of it and what
// was typed in them (the password aside), and each message beside its field.
const STEPS = ['levels', 'quote', 'join'] as const;
const duesBody = z
  .object({
    level: z.string().max(100).optional(),
    salary: salaryDollars,
    employer_population: optionalCount('your employer’s population'),
    employer_general_fund: optionalDollars,
  })
  .passthrough();
const accountBody = z.object({
  employer: z.string().trim().max(200, 'Use at most 200 characters.').default(''),
  title: z.string().trim().max(200, 'Use at most 200 characters.').default(''),
  name: z.string().trim().max(200, 'Use at most 200 characters.').default(''),
  // Whether it is an address at all is checked with the other account fields (checkJoin).
  email: z.string().trim().max(254, 'Use at most 254 characters.').default(''),
  password: z.string().max(1000, 'Use at most 1,000 characters.').default(''),
  pay_by: z.enum(['card', 'invoice'], { error: 'Choose card or invoice.' }).optional(),
});
const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** The furthest step the posted form had on it: the account step's fields (any of them, even
 * blank) or its Join button mean step 4 was there; a level or "See my dues", step 2. */
function shownStage(body: Record<string, unknown>): JoinStage {
  if (body.step === 'join' || ['employer', 'title', 'name', 'email', 'password', 'pay_by'].some((k) => k in body)) return 'quote';
  if (body.step === 'quote' || 'level' in body || 'salary' in body) return 'levels';
  return 'answers';
}

/** The button pressed: none is the first ("Find my level"); a value no button has only shows the
 * dues (it never joins). */
const stepOf = (v: unknown): (typeof STEPS)[number] => (v === undefined ? 'levels' : (STEPS.find((s) => s === v) ?? 'quote'));

const quoteQuery = z.object({
  level: z.string({ error: 'Give the level, by its short name (like manager).' }).max(60),
  salaryCents: z.coerce
    .number({ error: 'Give the salary in whole cents.' })
    .int('Give the salary in whole cents.')
    .min(0, 'The salary cannot be negative.')
    .max(MAX_SALARY_CENTS)
    .optional(),
  employerPopulation: z.coerce.number().int('Give a whole number of people.').min(0, 'The population cannot be negative.').max(100_000_000).optional(),
  employerGeneralFundCents: z.coerce.number().int('Give the general fund in whole cents.').min(0, 'The general fund cannot be negative.').optional(),
});
const quoteResponse = z.object({
  level: z.string(),
  amountCents: z.number().int(),
  baseCents: z.number().int(),
  capped: z.boolean(),
  discountCents: z.number().int(),
  currency: z.literal('USD'),
});

export async function joinRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  // Card payment is offered only where it is set up (Stripe); otherwise every join asks for an invoice.
  const card = cardPaymentsEnabled(deps.config);

  const render = async (
    req: FastifyRequest,
    reply: FastifyReply,
    p: { stage: JoinStage; levels: Level[]; answers?: Answers; errors?: FieldErrors; quote?: Parameters<typeof JoinPage>[0]['quote'] },
    status = 200,
  ) => {
    const values = formValues(req.body ?? {});
    // A password is never sent back: the page asks for it again when one was typed.
    const passwordTyped = !!values.password;
    delete values.password;
    return sendPage(reply, JoinPage({ ctx: await pageContext(req, reply), values, card, passwordTyped, ...p }), status);
  };

  // Without card payment there is nothing to choose: the form's hidden pay_by is not read.
  const accountFields = (body: Record<string, unknown>) => (card ? body : { ...body, pay_by: undefined });

  /** The account step's problems (name, address, password, work, how to pay), each for its field. */
  const accountProblems = async (req: FastifyRequest, body: Record<string, unknown>, level: Level, answers: Answers, inputs: DuesInputs): Promise<FieldErrors> => {
    const signedIn = req.principal?.userId ?? null;
    const parsed = accountBody.safeParse(accountFields(body));
    const account = { name: text(body.name), email: text(body.email), password: text(body.password) };
    const checked = await checkJoin(deps.db, { levelId: level.id, answers, ...inputs, payBy: 'invoice', userId: signedIn, account });
    const errors: FieldErrors = { ...checked.fields, ...(parsed.success ? {} : issuesToFields(parsed.error)) };
    // a free level has nothing to pay, so no way of paying to choose
    const free = Object.keys(duesInputProblems(level, inputs)).length === 0 && quoteIndividualDues(level, inputs).amountCents === 0;
    if (card && !free && body.pay_by !== 'card' && body.pay_by !== 'invoice') errors.pay_by = 'Choose card or invoice.';
    return errors;
  };

  app.get('/join/individual', { config: { access: access.public() } }, async (req, reply) => render(req, reply, { stage: 'answers', levels: await listLevels(deps.db) }));

  app.post('/join/individual', { config: { access: access.public(), rateLimit: { max: 60, timeWindow: '1 minute' } } }, async (req, reply) => {
    const levels = await listLevels(deps.db);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const shown = shownStage(body);
    const step = stepOf(body.step);
    const answersParsed = answersSchema.safeParse(body);
    if (!answersParsed.success) {
      // The questions' problems, on the page as it was: levels as the answers given read.
      const answers = shown === 'answers' ? undefined : answersOf(body);
      return render(req, reply, { stage: shown, levels, answers, errors: issuesToFields(answersParsed.error) }, 400);
    }
    const answers = answersOf(answersParsed.data);
    if (step === 'levels' && shown === 'answers') return render(req, reply, { stage: 'levels', levels, answers });
    const duesStage = shown === 'quote' ? 'quote' : 'levels';
    const parsed = duesBody.safeParse(body);
    if (!parsed.success) return render(req, reply, { stage: duesStage, levels, answers, errors: issuesToFields(parsed.error) }, 400);
    const f = parsed.data;
    const level = levels.find((l) => l.id === f.level);
    const errors: FieldErrors = {};
    if (!level) errors.level = 'Choose one of the levels listed.';
    else if (!isEligible(level.eligibility, answers)) errors.level = `Your answers do not fit the ${level.name} level. Choose one of the levels that fit your answers.`;
    const inputs = { salaryCents: f.salary, employerPopulation: f.employer_population, employerGeneralFundCents: f.employer_general_fund };
    if (level) Object.assign(errors, duesInputProblems(level, inputs));
    if (!level || Object.keys(errors).length > 0) {
      // Joining with a dues problem also says the account step's problems, so that one more try does it.
      if (step === 'join' && level) Object.assign(errors, await accountProblems(req, body, level, answers, inputs));
      return render(req, reply, { stage: duesStage, levels, answers, errors }, 400);
    }
    const quote = { level, quote: quoteIndividualDues(level, inputs) };
    if (step !== 'join') return render(req, reply, { stage: 'quote', levels, answers, quote });

    const signedIn = req.principal?.userId ?? null;
    const accountParsed = accountBody.safeParse(accountFields(body));
    const payBy = card && quote.quote.amountCents > 0 ? accountParsed.data?.pay_by : 'invoice';
    if (!accountParsed.success || !payBy) {
      // Every problem of this step at once, beside its fields on this same step.
      return render(req, reply, { stage: 'quote', levels, answers, quote, errors: await accountProblems(req, body, level, answers, inputs) }, 400);
    }
    const a = accountParsed.data;
    const join = { levelId: level.id, answers, ...inputs, payBy, workplace: { employer: a.employer, title: a.title }, requestId: req.id };
    try {
      if (!signedIn) {
        // Nobody is signed in: the address must confirm it first. The page is the same whether
        // or not the address has an account (its owner gets an email instead).
        const browser = verificationBrowser(req, reply);
        await joinWithNewAccount(deps, { ...join, account: { name: a.name, email: a.email, password: a.password }, browser });
        req.log.info('individual join received, address to confirm');
        return sendPage(
          reply,
          JoinSentPage({
            ctx: await pageContext(req, reply),
            email: a.email,
            payBy: join.payBy,
            free: quote.quote.amountCents === 0,
            hours: VERIFY_HOURS,
            checked: level.verification !== 'none',
          }),
        );
      }
      const result = await joinIndividual(deps, { ...join, userId: signedIn });
      req.log.info({ membershipId: result.membershipId, invoiceId: result.invoice.id }, 'individual joined');
      if (result.invoice.status === 'paid') {
        setFlash(
          reply,
          result.awaitingCheck
            ? 'Thank you for joining. Your membership starts once our membership staff confirm that you are eligible for this level: see what they need below.'
            : 'Welcome! Your membership is active.',
        );
        return reply.redirect('/me/membership', 303);
      }
      if (payBy === 'card') return reply.redirect(`/invoices/${result.invoice.public_token}`, 303);
      setFlash(reply, `Thank you for joining. Invoice ${result.invoice.number} is on its way to ${req.principal?.email}; your membership starts when it is paid.`);
      return reply.redirect('/me/membership', 303);
    } catch (err) {
      if (err instanceof AppError && err.fields) Object.assign(errors, err.fields);
      else if (err instanceof AppError && err.code === 'individuals.already_member') errors.level = err.message;
      else if (err instanceof AppError && err.code === 'individuals.barred') {
        req.log.info('individual join refused: barred');
        return render(req, reply, { stage: 'quote', levels, answers, quote, errors: { level: err.message } }, 403);
      } else throw err;
    }
    return render(req, reply, { stage: 'quote', levels, answers, quote, errors }, 400);
  });

  app.get(
    '/api/v1/individual-dues/quote',
    {
      config: { access: access.public() },
      schema: {
        tags: ['individuals'],
        summary: 'Annual dues of an individual membership level',
        description:
          'Quotes a level (by its short name) for the dues inputs it needs: `salaryCents` for levels priced by salary; `employerPopulation` and `employerGeneralFundCents`, both or neither, for the small-community discount (without them, no discount). Eligibility is not checked here. The answer never repeats the salary.',
        querystring: quoteQuery,
        response: { 200: quoteResponse, 400: errorShape, 404: errorShape },
      },
    },
    async (req) => {
      const levels = await listLevels(deps.db);
      const level = levels.find((l) => l.slug === req.query.level);
      if (!level) throw fieldError({ level: `Choose one of: ${levels.map((l) => l.slug).join(', ')}.` });
      const inputs = { salaryCents: req.query.salaryCents, employerPopulation: req.query.employerPopulation, employerGeneralFundCents: req.query.employerGeneralFundCents };
      const problems = duesInputProblems(level, inputs);
      if (Object.keys(problems).length > 0) {
        const names: Record<string, string> = { salary: 'salaryCents', employer_population: 'employerPopulation', employer_general_fund: 'employerGeneralFundCents' };
        throw fieldError(Object.fromEntries(Object.entries(problems).map(([k, m]) => [names[k] ?? k, m])));
      }
      const q = quoteIndividualDues(level, inputs);
      return { level: level.slug, amountCents: q.amountCents, baseCents: q.baseCents, capped: q.capped, discountCents: q.discountCents, currency: 'USD' as const };
    },
  );
}
